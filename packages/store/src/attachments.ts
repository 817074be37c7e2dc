import type { AttachmentPolicy, Channel } from '@sangdam/contracts';
import type { Executor } from './database.ts';

/** The admin's attachment policy of a channel (R-CH-5, SPEC §6). */
export async function loadAttachmentPolicy(
  db: Executor,
  channel: Channel,
): Promise<AttachmentPolicy> {
  const row = await db
    .selectFrom('channelSettings')
    .select([
      'attachmentsEnabled',
      'attachmentExtensions',
      'attachmentMaxFiles',
      'attachmentTotalLimitBytes',
    ])
    .where('channel', '=', channel)
    .executeTakeFirstOrThrow();
  return policyOf(row);
}

export function policyOf(row: {
  attachmentsEnabled: boolean;
  attachmentExtensions: string[];
  attachmentMaxFiles: number;
  attachmentTotalLimitBytes: string;
}): AttachmentPolicy {
  return {
    enabled: row.attachmentsEnabled,
    extensions: row.attachmentExtensions,
    maxFiles: row.attachmentMaxFiles,
    totalLimitBytes: Number(row.attachmentTotalLimitBytes),
  };
}

export async function saveAttachmentPolicy(
  db: Executor,
  channel: Channel,
  policy: AttachmentPolicy,
): Promise<void> {
  await db
    .updateTable('channelSettings')
    .set({
      attachmentsEnabled: policy.enabled,
      attachmentExtensions: policy.extensions,
      attachmentMaxFiles: policy.maxFiles,
      attachmentTotalLimitBytes: policy.totalLimitBytes,
    })
    .where('channel', '=', channel)
    .execute();
}

export interface NewAttachment {
  /** Chosen by the caller when the message event names it before the row exists. */
  id?: string;
  interactionId: string;
  /** The event the file came with; null only for a received mail's file (`emailMessageId`). */
  eventSeq: number | null;
  sender: 'agent' | 'customer';
  senderUserId: string | null;
  originalName: string;
  contentType: string;
  size: number;
  sha256: string;
  blobKey: string;
  verdict: 'clean' | 'unreadable';
  /** A received mail's file: the mail, and whether its HTML shows it inline by `cid:`. */
  emailMessageId?: string;
  inline?: boolean;
  contentId?: string | null;
}

export async function insertAttachment(db: Executor, attachment: NewAttachment): Promise<string> {
  const { id } = await db
    .insertInto('attachments')
    .values(attachment)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface AttachmentRow {
  id: string;
  interactionId: string;
  originalName: string;
  contentType: string;
  size: number;
  blobKey: string;
}

/** One attachment of one interaction (undefined when it is not that interaction's). */
export async function findAttachment(
  db: Executor,
  interactionId: string,
  attachmentId: string,
): Promise<AttachmentRow | undefined> {
  const row = await db
    .selectFrom('attachments')
    .select(['id', 'interactionId', 'originalName', 'contentType', 'size', 'blobKey'])
    .where('id', '=', attachmentId)
    .where('interactionId', '=', interactionId)
    .executeTakeFirst();
  return row && { ...row, size: Number(row.size) };
}

export function listAttachments(db: Executor, interactionId: string) {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('interactionId', '=', interactionId)
    .orderBy('eventSeq')
    .orderBy('createdAt')
    .execute();
}

export interface EmailAttachmentRow {
  id: string;
  emailMessageId: string;
  originalName: string;
  contentType: string;
  size: number;
  inline: boolean;
  contentId: string | null;
}

/** The kept files of an interaction's mails, in the order they were stored. */
export async function listEmailAttachments(
  db: Executor,
  interactionId: string,
): Promise<EmailAttachmentRow[]> {
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'emailMessageId', 'originalName', 'contentType', 'size', 'inline', 'contentId'])
    .where('interactionId', '=', interactionId)
    .where('emailMessageId', 'is not', null)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    ...row,
    emailMessageId: row.emailMessageId!,
    size: Number(row.size),
  }));
}

export interface ReplyFileRow {
  id: string;
  originalName: string;
  contentType: string;
  size: number;
  sha256: string;
  blobKey: string;
  verdict: 'clean' | 'unreadable';
}

/** Stores a file uploaded for an email reply, the uploading agent's until a reply names it. */
export async function insertReplyFile(
  db: Executor,
  file: Omit<ReplyFileRow, 'id'> & { interactionId: string; userId: string },
): Promise<string> {
  const { id } = await db
    .insertInto('emailReplyFiles')
    .values(file)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Takes the named files an agent uploaded for a reply in this interaction out of waiting (locked
 * and deleted: the caller moves them to `attachments` in the same transaction). Files of another
 * agent or interaction, or already sent, are not returned.
 */
export async function takeReplyFiles(
  tx: Executor,
  interactionId: string,
  userId: string,
  ids: readonly string[],
): Promise<ReplyFileRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .deleteFrom('emailReplyFiles')
    .where('interactionId', '=', interactionId)
    .where('userId', '=', userId)
    .where('id', 'in', [...ids])
    .returning(['id', 'originalName', 'contentType', 'size', 'sha256', 'blobKey', 'verdict'])
    .execute();
  const order = new Map(ids.map((id, index) => [id, index]));
  return rows
    .map((row) => ({ ...row, size: Number(row.size) }))
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/**
 * Removes one file an agent uploaded for a reply not sent yet (the agent took it off the reply):
 * its blob key, for the caller to delete after the commit, or undefined when it is not this
 * agent's waiting upload in this interaction (another's, already sent, or unknown).
 */
export async function removeReplyFile(
  tx: Executor,
  file: { interactionId: string; userId: string; id: string },
): Promise<string | undefined> {
  const row = await tx
    .deleteFrom('emailReplyFiles')
    .where('interactionId', '=', file.interactionId)
    .where('userId', '=', file.userId)
    .where('id', '=', file.id)
    .returning('blobKey')
    .executeTakeFirst();
  return row?.blobKey;
}

/**
 * Removes up to `limit` uploads no reply will send: those of interactions that ended (a reply
 * needs an open contact). Returns their blob keys, for the caller to delete after the commit.
 */
export async function removeNeverSentReplyFiles(tx: Executor, limit: number): Promise<string[]> {
  const rows = await tx
    .deleteFrom('emailReplyFiles')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('emailReplyFiles')
        .innerJoin('interactions', 'interactions.id', 'emailReplyFiles.interactionId')
        .select('emailReplyFiles.id')
        .where('interactions.status', '=', 'ended')
        .orderBy('emailReplyFiles.createdAt')
        .limit(limit),
    )
    .returning('blobKey')
    .execute();
  return rows.map((row) => row.blobKey);
}
