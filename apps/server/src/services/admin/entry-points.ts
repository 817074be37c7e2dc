import { assistantLimits, type AdminEntryPoint, type EntryPointBody } from '@sangdam/contracts';
import { AppError, validateAssistant } from '@sangdam/core';
import {
  countEntryPointsForInsert,
  deleteAdminEntryPoint,
  entryPointNameTaken,
  findEntryPoint,
  insertAdminEntryPoint,
  listAdminQueues,
  listEntryPoints,
  updateAdminEntryPoint,
  type Tx,
} from '@sangdam/store';
import { uniqueNameGuard } from './rules.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { configChanged } from '../outbox.ts';

const subject = 'A chat entry point';

/** Every chat entry point with its pre-chat fields, greeting and assistant (§7). */
export function listAdminEntryPoints(deps: Deps): Promise<AdminEntryPoint[]> {
  return listEntryPoints(deps.db);
}

/** Adds an entry point; the widget embedding its id starts chats there. */
export async function createEntryPoint(deps: Deps, body: EntryPointBody): Promise<AdminEntryPoint> {
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('entry-points'));
    const max = assistantLimits.entryPointsMax;
    if ((await countEntryPointsForInsert(tx)) >= max) {
      throw new AppError(
        'ENTRY_POINT_LIMIT_REACHED',
        `There are already ${max} chat entry points, the most Sangdam keeps`,
      );
    }
    await check(tx, body, null);
    const id = await uniqueNameGuard(subject, () => insertAdminEntryPoint(tx, body));
    return (await findEntryPoint(tx, id))!;
  });
}

/**
 * Replaces an entry point's settings. Chats with its assistant now use the new answers from
 * their next message on; the id (and so the embed snippet) stays.
 */
export async function updateEntryPoint(
  deps: Deps,
  id: string,
  body: EntryPointBody,
): Promise<AdminEntryPoint> {
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('entry-points'));
    await check(tx, body, id);
    const updated = await uniqueNameGuard(subject, () => updateAdminEntryPoint(tx, id, body));
    if (!updated) throw new AppError('NOT_FOUND', 'This chat entry point no longer exists');
    return (await findEntryPoint(tx, id))!;
  });
}

/**
 * Deletes an entry point. Its chats keep their history (they lose only the link to it); a chat
 * still with its assistant is handed to the queue at its next message; a widget that still embeds
 * its id is told ENTRY_POINT_NOT_FOUND. The default entry point (the widget without an id) stays.
 */
export async function deleteEntryPoint(deps: Deps, id: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    const result = await deleteAdminEntryPoint(tx, id);
    if (result === 'missing') {
      throw new AppError('NOT_FOUND', 'This chat entry point no longer exists');
    }
    if (result === 'default') {
      throw new AppError(
        'ENTRY_POINT_IS_DEFAULT',
        'The default chat entry point serves the widget without an entry point; it cannot be deleted',
      );
    }
    outbox.add(configChanged('entry-points'));
  });
}

async function check(tx: Tx, body: EntryPointBody, exceptId: string | null): Promise<void> {
  validateAssistant(body);
  if (await entryPointNameTaken(tx, body.name, exceptId)) {
    throw new AppError('NAME_TAKEN', `${subject} named “${body.name}” already exists`);
  }
  const [queue] = await listAdminQueues(tx, body.queueId);
  if (!queue) {
    throw new AppError('VALIDATION_FAILED', 'queueId: this queue no longer exists');
  }
  if (queue.channel !== 'chat') {
    throw new AppError('VALIDATION_FAILED', `queueId: “${queue.name}” is not a chat queue`);
  }
}
