import type {
  EmailMessage,
  EmailReplyBody,
  EmailReplyResponse,
  InteractionEvent,
} from '@sangdam/contracts';
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
  body: Pick<EmailReplyBody, 'clientMessageId' | 'text'>,
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
