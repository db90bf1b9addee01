import { isoTime } from './iso-time';

describe('isoTime', () => {
  it('gives exactly what Date#toISOString gives, across second, day and year boundaries', () => {
    const start = Date.UTC(2026, 11, 31, 23, 59, 58, 990);
    for (let ms = start; ms < start + 2_500; ms += 7) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('stays exact when the clock goes back, jumps ahead or repeats a millisecond', () => {
    const times = [1_764_000_000_123, 1_764_000_000_999, 1_764_000_000_999, 1_763_999_999_001, 1_764_000_001_000, 0, 253_402_300_800_000, -1];
    for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('uses the current time by default', () => {
    const before = Date.now();
    const stamp = Date.parse(isoTime());
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});
