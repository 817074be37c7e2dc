import type { ErrorBody } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorStatus } from './error-status.ts';

/** Every error leaves as `{ code, message }`; a 5xx never shows its cause to the client. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = toResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send(body);
  });
}

export function toResponse(error: FastifyError | Error): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return { status: errorStatus[error.code], body: error.toBody() };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const field = issue?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
    const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'Invalid request';
    return { status: 400, body: { code: 'VALIDATION_FAILED', message } };
  }
  const statusCode = 'statusCode' in error ? error.statusCode : undefined;
  if (statusCode === 429) {
    return {
      status: 429,
      body: { code: 'RATE_LIMITED', message: 'Too many attempts; wait a minute and try again' },
    };
  }
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors: malformed JSON, wrong content type, body too large.
    return { status: statusCode, body: { code: 'VALIDATION_FAILED', message: error.message } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Something went wrong on our side' } };
}
