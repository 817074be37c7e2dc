import type { EmailAttachment, EmailMessage } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  findAttachment,
  findEmailRawBlob,
  listEmailAttachments,
  listEmailMessages,
  type Executor,
} from '@sangdam/store';
import type { Readable } from 'node:stream';
import { loadForActor } from '../chat/chat.ts';
import type { Deps } from '../deps.ts';
import type { AgentActor } from '../interactions/lifecycle.ts';

/**
 * Every mail of an email contact, for who may read the contact (participants, overseers): with
 * each received mail's kept files (downloaded at `…/attachments/:attachmentId`), what was
 * dropped of it, and whether its redacted original can be read.
 */
export async function listContactEmails(
  deps: Deps,
  actor: AgentActor,
  interactionId: string,
): Promise<EmailMessage[]> {
  const interaction = await loadEmailContact(deps, actor, interactionId);
  return presentContactEmails(deps.db, interaction.id);
}

/** The mails of the email contact `interactionId`, whole, oldest first (no access check). */
export async function presentContactEmails(
  db: Executor,
  interactionId: string,
): Promise<EmailMessage[]> {
  const rows = await listEmailMessages(db, interactionId);
  const files = new Map<string, EmailAttachment[]>();
  for (const file of await listEmailAttachments(db, interactionId)) {
    const list = files.get(file.emailMessageId) ?? [];
    list.push({
      id: file.id,
      name: file.originalName,
      size: file.size,
      contentType: file.contentType,
      inline: file.inline,
      contentId: file.contentId,
    });
    files.set(file.emailMessageId, list);
  }
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
    attachments: files.get(row.id) ?? [],
    dropped: row.droppedAttachments,
    hasRaw: row.rawBlobKey !== null,
    authorName: row.direction === 'out' ? row.authorName : null,
  }));
}

/**
 * "View original": a received mail as it came, its card data masked (the stored raw message is
 * the redacted one; the received bytes are never kept). For who may read the contact.
 */
export async function openEmailRaw(
  deps: Deps,
  actor: AgentActor,
  interactionId: string,
  emailId: string,
): Promise<{ stream: Readable }> {
  const interaction = await loadEmailContact(deps, actor, interactionId);
  const row = await findEmailRawBlob(deps.db, interaction.id, emailId);
  if (!row) throw new AppError('NOT_FOUND', 'No such email in this contact');
  if (row.rawBlobKey === null) {
    throw new AppError('NOT_FOUND', 'This email has no original to show');
  }
  return { stream: await deps.blobs.open(row.rawBlobKey) };
}

/** The image types a mail's HTML may show inline (never SVG: it can carry script). */
const inlineImageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * R-EM-1: an image a mail's HTML shows by `cid:`, for who may read the contact; only the plain
 * image types (the desktop's mail frame loads it from this contact's image route alone).
 */
export async function openMailImage(
  deps: Deps,
  actor: AgentActor,
  interactionId: string,
  attachmentId: string,
): Promise<{ contentType: string; size: number; stream: Readable }> {
  const interaction = await loadEmailContact(deps, actor, interactionId);
  const file = await findAttachment(deps.db, interaction.id, attachmentId);
  if (!file || !inlineImageTypes.has(file.contentType)) {
    throw new AppError('NOT_FOUND', 'No such image in this contact');
  }
  return {
    contentType: file.contentType,
    size: file.size,
    stream: await deps.blobs.open(file.blobKey),
  };
}

async function loadEmailContact(deps: Deps, actor: AgentActor, interactionId: string) {
  const interaction = await loadForActor(deps.db, actor, interactionId, { oversee: true });
  if (interaction.channel !== 'email') {
    throw new AppError('NOT_EMAIL_CONTACT', 'This contact is not an email');
  }
  return interaction;
}
