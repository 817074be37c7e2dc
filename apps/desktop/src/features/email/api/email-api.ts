import type {
  EmailCompose,
  EmailMessage,
  EmailReplyBody,
  EmailReplyResponse,
  EmailTemplate,
  RenderedTemplate,
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

/** R-EM-3: the To, Subject and starting CC per reply mode, and the agent's drafts. */
export function fetchEmailCompose(interactionId: string): Promise<EmailCompose> {
  return apiRequest<EmailCompose>(`${interactionPath(interactionId)}/email-compose`);
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
  body: Pick<EmailReplyBody, 'clientMessageId' | 'mode' | 'html' | 'cc' | 'templateId'>,
): Promise<EmailReplyResponse> {
  return apiRequest<EmailReplyResponse>(`${interactionPath(interactionId)}/email-replies`, {
    method: 'POST',
    body,
    csrfToken,
  });
}
