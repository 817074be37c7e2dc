import type { ErrorBody, ErrorCode } from '@sangdam/contracts';

/** The one error type of the domain. Transports map `code` to HTTP status or socket acks. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}
