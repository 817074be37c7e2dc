import type { ErrorBody } from '@sangdam/contracts';
import { AppError } from './app-error.ts';

const apiBase = '/api/v1';

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON, or a FormData sent as multipart (files). */
  body?: unknown;
  csrfToken?: string;
  /** Outlives the page (a draft saved on `pagehide`); the body must stay under 64 KB. */
  keepalive?: boolean;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The one way the desktop talks REST: JSON in and out, cookies included, errors as AppError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const form = options.body instanceof FormData ? options.body : null;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;

  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      ...(options.keepalive && { keepalive: true }),
      body: form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch (error) {
    throw new AppError('NETWORK', error instanceof Error ? error.message : 'Network error');
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(payload)) {
      throw new AppError(
        payload.code,
        payload.message,
        response.status,
        payload.contacts,
        payload.draft,
      );
    }
    throw new AppError('INTERNAL', response.statusText, response.status);
  }
  return payload as T;
}
