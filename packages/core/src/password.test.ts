import { limits } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { validateNewPassword } from './password.ts';

describe('validateNewPassword', () => {
  it.each([
    ['a'.repeat(limits.passwordMinLength - 1), 'PASSWORD_TOO_SHORT'],
    ['a'.repeat(limits.passwordMaxLength + 1), 'PASSWORD_TOO_LONG'],
    // Counted in code points: nine emoji are nine characters, not eighteen.
    ['😀'.repeat(limits.passwordMinLength - 1), 'PASSWORD_TOO_SHORT'],
  ])('refuses %j with %s', (password, code) => {
    expect(() => validateNewPassword(password)).toThrow(expect.objectContaining({ code }));
  });

  it.each(['a'.repeat(limits.passwordMinLength), '비밀번호는열글자이상'])(
    'accepts %j',
    (password) => {
      expect(validateNewPassword(password)).toBe(password);
    },
  );
});
