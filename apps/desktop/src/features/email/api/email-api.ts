import type {
  AttachmentPolicy,
  EmailCompose,
  EmailDraft,
  EmailDraftPutBody,
  EmailMessage,
  EmailReplyBody,
  EmailReplyResponse,
  EmailTemplate,
  InteractionEvent,
  RenderedTemplate,
  ReplyFilesResponse,
  ReplyMode,
} from '@sangdam/contracts';
import { AppError } from '../../../lib/app-error.ts';
import { apiRequest } from '../../../lib/http-client.ts';

const interactionPath = (interactionId: string) =>
  `/interactions/${encodeURIComponent(interactionId)}`;

/** Every mail of an email contact, whole (sanitised HTML included), oldest first. */
export async function fetchContactEmails(interactionId: string): Promise<EmailMessage[]> {
  const { emails } = await apiRequest<{ emails: EmailMessage[] }>(
    `${interactionPath(interactionId)}/emails`,
  );
  return emails;
}

/** R-EM-2: a plain-text reply to the customer's newest mail; queued in the mail outbox. */
export function sendEmailReply(
  csrfToken: string,
  interactionId: string,
  body: Pick<EmailReplyBody, 'clientMessageId' | 'text' | 'attachmentIds'>,
): Promise<EmailReplyResponse> {
  return apiRequest<EmailReplyResponse>(`${interactionPath(interactionId)}/email-replies`, {
    method: 'POST',
    body,
    csrfToken,
  });
}

/** Retry of a failed reply: the same mail queued again (`email.retried`). */
export async function retryEmailReply(
  csrfToken: string,
  interactionId: string,
  emailId: string,
): Promise<InteractionEvent> {
  const { event } = await apiRequest<{ event: InteractionEvent }>(
    `${interactionPath(interactionId)}/emails/${encodeURIComponent(emailId)}/retry`,
    { method: 'POST', csrfToken },
  );
  return event;
}

/** R-EM-5: the rules for one reply's files (count, total, types), for the check before upload. */
export function fetchReplyAttachmentPolicy(): Promise<AttachmentPolicy> {
  return apiRequest<AttachmentPolicy>('/emails/attachment-policy');
}

/** Uploads files for a reply (scanned by the server); the kept ones' ids go in the reply. */
export function uploadReplyFiles(
  csrfToken: string,
  interactionId: string,
  files: readonly File[],
): Promise<ReplyFilesResponse> {
  const body = new FormData();
  for (const file of files) body.append('file', file, file.name);
  return apiRequest<ReplyFilesResponse>(`${interactionPath(interactionId)}/email-reply-files`, {
    method: 'POST',
    body,
    csrfToken,
  });
}

/** Takes an uploaded file off a reply not sent yet: the server deletes it at once. */
export function deleteReplyFile(
  csrfToken: string,
  interactionId: string,
  fileId: string,
): Promise<void> {
  return apiRequest<void>(`${interactionPath(interactionId)}/email-reply-files/${fileId}`, {
    method: 'DELETE',
    csrfToken,
  });
}

/** R-EM-3: the To, Subject and starting CC per reply mode, and the agent's drafts. */
export function fetchEmailCompose(interactionId: string): Promise<EmailCompose> {
  return apiRequest<EmailCompose>(`${interactionPath(interactionId)}/email-compose`);
}

const draftPath = (interactionId: string, mode: ReplyMode) =>
  `${interactionPath(interactionId)}/email-drafts/${mode}`;

/**
 * R-EM-6: saves the agent's draft of one reply mode by compare-and-set; a stale
 * `expectedVersion` fails with DRAFT_CONFLICT carrying the stored draft. `keepalive` lets the
 * save finish after the page is gone.
 */
export async function saveEmailDraft(
  csrfToken: string,
  interactionId: string,
  mode: ReplyMode,
  body: EmailDraftPutBody,
  keepalive = false,
): Promise<EmailDraft> {
  const { draft } = await apiRequest<{ draft: EmailDraft }>(draftPath(interactionId, mode), {
    method: 'PUT',
    body,
    csrfToken,
    keepalive,
  });
  return draft;
}

/** Discards the agent's draft of one reply mode (the compose area was emptied). */
export function discardEmailDraft(
  csrfToken: string,
  interactionId: string,
  mode: ReplyMode,
  keepalive = false,
): Promise<void> {
  return apiRequest<void>(draftPath(interactionId, mode), {
    method: 'DELETE',
    csrfToken,
    keepalive,
  });
}

/** R-EM-4: every email template, for the picker of Reply and Reply all. */
export async function fetchEmailTemplates(): Promise<EmailTemplate[]> {
  return (await apiRequest<{ templates: EmailTemplate[] }>('/email-templates')).templates;
}

/** A template filled in for this contact (customer and agent names, escaped). */
export function fetchRenderedTemplate(
  interactionId: string,
  templateId: string,
): Promise<RenderedTemplate> {
  return apiRequest<RenderedTemplate>(
    `${interactionPath(interactionId)}/email-templates/${encodeURIComponent(templateId)}`,
  );
}

/** R-EM-3: Reply or Reply all in HTML with CC; To and Subject are the server's. */
export function sendStandardReply(
  csrfToken: string,
  interactionId: string,
  body: Pick<
    EmailReplyBody,
    'clientMessageId' | 'mode' | 'html' | 'cc' | 'templateId' | 'attachmentIds'
  >,
): Promise<EmailReplyResponse> {
  return apiRequest<EmailReplyResponse>(`${interactionPath(interactionId)}/email-replies`, {
    method: 'POST',
    body,
    csrfToken,
  });
}

/** "View original": the received mail's stored (redacted) source, as text. */
export async function fetchEmailSource(interactionId: string, emailId: string): Promise<string> {
  const response = await fetch(
    `/api/v1${interactionPath(interactionId)}/emails/${encodeURIComponent(emailId)}/raw`,
    { credentials: 'same-origin' },
  );
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { code?: string } | null;
    throw new AppError(body?.code ?? 'INTERNAL', `HTTP ${response.status}`);
  }
  return response.text();
}

/** Where the desktop downloads the files of the contact's mails (`…/<attachmentId>`). */
export const emailFileUrl = (interactionId: string) =>
  `/api/v1${interactionPath(interactionId)}/attachments`;

/**
 * A mail's `cid:` image as a `data:` URL for its frame, or null when the server has no such
 * image. The frame is sandboxed without same origin, so the browser would send its requests
 * without the session cookie (SameSite): the desktop fetches the image from the contact's image
 * route and hands the frame the bytes. Other failures throw, so the query asks again.
 */
export async function fetchMailImage(
  interactionId: string,
  attachmentId: string,
): Promise<string | null> {
  const response = await fetch(
    `/api/v1${interactionPath(interactionId)}/email-images/${encodeURIComponent(attachmentId)}`,
    { credentials: 'same-origin' },
  );
  if (response.status === 404) return null;
  if (!response.ok) throw new AppError('INTERNAL', `HTTP ${response.status}`, response.status);
  const blob = await response.blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('unreadable image'));
    reader.readAsDataURL(blob);
  });
}
