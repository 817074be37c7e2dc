import type { Executor } from '../database.ts';

/**
 * Which of `keys` a row names: an attachment (of a chat, a received mail or a reply), a received
 * mail's raw message, or an agent's upload for a reply not sent yet. What the blob sweeps of both
 * stores keep.
 */
export async function namedBlobKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('attachments')
    .select('blobKey as key')
    .where('blobKey', 'in', keys)
    .union(
      db
        .selectFrom('emailMessages')
        .select('rawBlobKey as key')
        .where('rawBlobKey', 'in', keys)
        .$narrowType<{ key: string }>(),
    )
    .union(db.selectFrom('emailReplyFiles').select('blobKey as key').where('blobKey', 'in', keys))
    .execute();
  return new Set(rows.map((row) => row.key));
}
