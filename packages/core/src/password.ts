import { countCharacters, limits } from '@sangdam/contracts';
import { AppError } from './app-error.ts';

/** A password a person chooses: long enough to resist guessing, short enough to hash cheaply. */
export function validateNewPassword(password: string): string {
  const length = countCharacters(password);
  if (length < limits.passwordMinLength) {
    throw new AppError(
      'PASSWORD_TOO_SHORT',
      `A password has at least ${limits.passwordMinLength} characters`,
    );
  }
  if (length > limits.passwordMaxLength) {
    throw new AppError(
      'PASSWORD_TOO_LONG',
      `A password has at most ${limits.passwordMaxLength} characters`,
    );
  }
  return password;
}
