import type { ErrorBody, ErrorCode } from '@sangdam/contracts';

/** The one error type of the domain. Transports map `code` to HTTP status or socket acks. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields a client needs to act on the refusal (e.g. OPEN_CONTACTS' contacts). */
    readonly details: Omit<ErrorBody, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { ...this.details, code: this.code, message: this.message };
  }
}
