import type { EntryPointPublic, StartChatBody, StartChatResponse } from '@sangdam/contracts';

/** A failed request: the server's `{ code, message }`, or NETWORK when it was not reached. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The greeting and name of an entry point; `null` asks for the server's default one. */
export function fetchEntryPoint(
  server: string,
  entryPointId: string | null,
): Promise<EntryPointPublic> {
  const id = encodeURIComponent(entryPointId ?? 'default');
  return request<EntryPointPublic>(`${server}/api/v1/entry-points/${id}`, { method: 'GET' });
}

/** Starts a chat; a retry with the same `idempotencyKey` answers the chat the first one started. */
export function startChat(
  server: string,
  body: StartChatBody,
  idempotencyKey: string,
): Promise<StartChatResponse> {
  return request<StartChatResponse>(`${server}/api/v1/chats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'omit' });
  } catch {
    throw new ApiError('NETWORK', '');
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  if (isErrorBody(body) && response.status < 500) throw new ApiError(body.code, body.message);
  throw new ApiError('INTERNAL', '');
}

function isErrorBody(value: unknown): value is { code: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    'message' in value &&
    typeof value.code === 'string' &&
    typeof value.message === 'string'
  );
}
