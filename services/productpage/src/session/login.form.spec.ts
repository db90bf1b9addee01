import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { LoginForm } from './login.form';
import { isValidUsername } from './username';

function check(body: Record<string, unknown>): { username?: unknown; errors: string[] } {
  const form = plainToInstance(LoginForm, body);
  const errors = validateSync(form).flatMap((error) => Object.values(error.constraints ?? {}));
  return { username: form.username, errors };
}

describe('LoginForm', () => {
  it('trims and accepts a printable name', () => {
    expect(check({ username: '  jason ', passwd: 'x' })).toEqual({ username: 'jason', errors: [] });
    expect(check({ username: 'Jason Bourne' }).errors).toEqual([]);
    expect(check({ username: '<script>' }).errors).toEqual([]);
  });

  it.each([
    [{}, 'username is required'],
    [{ username: ['a', 'b'] }, 'username is required'],
    [{ username: '   ' }, 'username must be 1 to 64 characters'],
    [{ username: 'x'.repeat(65) }, 'username must be 1 to 64 characters'],
    [{ username: 'ja\u0000son' }, 'username may contain only printable ASCII characters'],
    [{ username: 'jos\u00e9' }, 'username may contain only printable ASCII characters'],
  ])('refuses %j', (body, message) => {
    expect(check(body).errors).toContain(message);
  });
});

describe('isValidUsername', () => {
  it('agrees with the form on what a session may hold', () => {
    expect(isValidUsername('jason')).toBe(true);
    expect(isValidUsername('a b')).toBe(true);
    expect(isValidUsername('')).toBe(false);
    expect(isValidUsername(' jason')).toBe(false);
    expect(isValidUsername('ja\nson')).toBe(false);
    expect(isValidUsername('x'.repeat(65))).toBe(false);
  });
});
