import type { ErrorBody } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
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
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors: malformed JSON, wrong content type, body too large.
    return { status: statusCode, body: { code: 'VALIDATION_FAILED', message: error.message } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Something went wrong on our side' } };
}

/**
 * Errors Fastify's router meets before any route (a broken `%` escape, a parameter over
 * `maxParamLength`): the same `{ code, message }` as every other error.
 */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const [status, body]: [number, ErrorBody] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, { code: 'VALIDATION_FAILED', message: 'The address is too long' }]
      : error.code === 'FST_ERR_BAD_URL'
        ? [400, { code: 'VALIDATION_FAILED', message: 'The address is not valid' }]
        : [500, toResponse(error).body];
  if (status >= 500) reply.log.error({ err: error }, 'request failed before routing');
  void reply.status(status).send(body);
}

/**
 * Requests Node's HTTP parser refuses (headers too large, malformed, too slow): answered in the
 * one error format, then the connection closes, as Fastify's default handler does.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request took too long']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request headers are too large']
        : [400, 'The request is malformed'];
  const body = JSON.stringify({ code: 'VALIDATION_FAILED', message } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
