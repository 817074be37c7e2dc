import type { OpenContactRef } from '@sangdam/contracts';
import type { TFunction } from 'i18next';

/** Client-side codes for failures that never reached the server's error table. */
export type ClientErrorCode = 'NETWORK' | 'DISCONNECTED' | 'TIMEOUT';

/** One error type for REST and socket failures: a stable `code` plus the server's message. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    /** OPEN_CONTACTS: the contacts that keep the agent from signing out. */
    readonly contacts: readonly OpenContactRef[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
}

/** The translated text for a known code, else the server's own message. */
export function errorText(t: TFunction, error: unknown): string {
  const appError = toAppError(error);
  const key = `errors.${appError.code}`;
  const fallback = appError.message || t('errors.generic');
  return t(key as 'errors.generic', { defaultValue: fallback });
}
