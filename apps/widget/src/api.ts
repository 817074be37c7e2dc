import type {
  AttachmentPolicy,
  AttachmentRef,
  EntryPointPublic,
  SendAttachmentsResponse,
  StartChatBody,
  StartChatResponse,
} from '@sangdam/contracts';

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

/** The chat channel's attachment policy (R-CH-5), for the check before sending. */
export function fetchAttachmentPolicy(server: string): Promise<AttachmentPolicy> {
  return request<AttachmentPolicy>(`${server}/api/v1/chats/attachment-policy`, { method: 'GET' });
}

/** A message with files, sent with the customer's token (multipart, streamed by the browser). */
export function sendAttachments(
  server: string,
  chat: { interactionId: string; token: string },
  clientMessageId: string,
  text: string,
  files: readonly File[],
): Promise<SendAttachmentsResponse> {
  const body = new FormData();
  body.append('clientMessageId', clientMessageId);
  if (text) body.append('text', text);
  for (const file of files) body.append('file', file, file.name);
  return request<SendAttachmentsResponse>(
    `${server}/api/v1/chats/${chat.interactionId}/attachments`,
    { method: 'POST', headers: { authorization: `Bearer ${chat.token}` }, body },
  );
}

/**
 * Downloads a file of the chat: the token goes in a header (never in a URL, where logs and
 * history would keep it), so the browser saves it from a temporary object URL.
 */
export async function downloadAttachment(
  server: string,
  chat: { interactionId: string; token: string },
  file: AttachmentRef,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${server}/api/v1/chats/${chat.interactionId}/attachments/${file.id}`, {
      headers: { authorization: `Bearer ${chat.token}` },
      credentials: 'omit',
    });
  } catch {
    throw new ApiError('NETWORK', '');
  }
  if (!response.ok) throw new ApiError('INTERNAL', '');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
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
