import type { ContactHistoryPage, EmailMessage, PastTranscript } from '@sangdam/contracts';
import { apiRequest } from '../../../lib/http-client.ts';

const historyPath = (interactionId: string) =>
  `/interactions/${encodeURIComponent(interactionId)}/history`;

/** One page of the customer's earlier contacts, seen from the contact `interactionId`. */
export function fetchContactHistory(
  interactionId: string,
  before: string | null,
): Promise<ContactHistoryPage> {
  const query = before === null ? '' : `?before=${encodeURIComponent(before)}`;
  return apiRequest<ContactHistoryPage>(`${historyPath(interactionId)}${query}`);
}

/** One page of an earlier contact's events after `afterSeq`. */
export function fetchPastTranscript(
  interactionId: string,
  pastId: string,
  afterSeq: number,
): Promise<PastTranscript> {
  return apiRequest<PastTranscript>(
    `${historyPath(interactionId)}/${encodeURIComponent(pastId)}/transcript?afterSeq=${afterSeq}`,
  );
}

/** R-EM-8 "View email message": every mail of an earlier email contact, whole, oldest first. */
export async function fetchPastEmails(
  interactionId: string,
  pastId: string,
): Promise<EmailMessage[]> {
  const { emails } = await apiRequest<{ emails: EmailMessage[] }>(
    `${historyPath(interactionId)}/${encodeURIComponent(pastId)}/emails`,
  );
  return emails;
}
