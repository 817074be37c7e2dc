import type { EmailDraft, ErrorCode, OpenContactRef } from '@sangdam/contracts';
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
    /** DRAFT_CONFLICT: the draft as stored now (null: there is none any more). */
    readonly draft?: EmailDraft | null,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
}

/** Every code a person may be shown, each with its text in both languages (en.ts, ko.ts). */
export type ErrorMessages = Record<ErrorCode | ClientErrorCode | 'generic', string>;

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (typeof code === 'string') return code;
  }
  return 'INTERNAL';
}

/**
 * The desktop's own text for an error's code, in the agent's language; never the server's
 * English message. A code this build does not know yet reads as the generic text.
 */
export function errorText(t: TFunction, error: unknown): string {
  const key = `errors.${codeOf(error)}`;
  return t(key as 'errors.generic', { defaultValue: t('errors.generic') });
}
