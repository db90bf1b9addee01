import { prerequisiteDecision } from './index';

describe('prerequisiteDecision', () => {
  it('runs when nothing is missing, with or without CI', () => {
    expect(prerequisiteDecision(undefined, {})).toBe('run');
    expect(prerequisiteDecision(undefined, { CI: 'true' })).toBe('run');
  });

  it('skips what is missing on a developer machine', () => {
    expect(prerequisiteDecision('no MariaDB', {})).toBe('skip');
    expect(prerequisiteDecision('no MariaDB', { CI: 'false' })).toBe('skip');
  });

  it('fails what is missing under CI=true', () => {
    expect(prerequisiteDecision('no MariaDB', { CI: 'true' })).toBe('fail');
  });
});
