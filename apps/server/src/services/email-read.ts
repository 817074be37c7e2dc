import type { EmailMessage } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { listEmailMessages } from '@sangdam/store';
import { loadForActor } from './chat.ts';
import type { Deps } from './deps.ts';
import type { AgentActor } from './lifecycle.ts';

/** Every mail of an email contact, for who may read the contact (participants, overseers). */
export async function listContactEmails(
  deps: Deps,
  actor: AgentActor,
  interactionId: string,
): Promise<EmailMessage[]> {
  const interaction = await loadForActor(deps.db, actor, interactionId, { oversee: true });
  if (interaction.channel !== 'email') {
    throw new AppError('NOT_EMAIL_CONTACT', 'This contact is not an email');
  }
  const rows = await listEmailMessages(deps.db, interaction.id);
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    kind: row.kind,
    messageId: row.messageId,
    from: row.fromAddress === null ? null : { address: row.fromAddress, name: row.fromName },
    to: row.toAddresses,
    cc: row.ccAddresses,
    subject: row.subject,
    text: row.text,
    html: row.html,
    receivedAt: row.receivedAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    status: row.status,
    failure: row.failure,
  }));
}
