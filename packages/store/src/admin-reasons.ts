import type { AdminReason, ReasonBody, ReasonKind } from '@sangdam/contracts';
import type { Executor } from './database.ts';

const tableOf = {
  'wrap-up': 'wrapUpReasons',
  idle: 'idleReasons',
} as const satisfies Record<ReasonKind, 'wrapUpReasons' | 'idleReasons'>;

export function listAdminReasons(db: Executor, kind: ReasonKind): Promise<AdminReason[]> {
  return db
    .selectFrom(tableOf[kind])
    .select(['id', 'label', 'isDefault', 'sortOrder'])
    .orderBy('sortOrder')
    .orderBy('label')
    .execute();
}

/** The reason row locked for a check-then-write, or undefined. */
export function lockReason(db: Executor, kind: ReasonKind, id: string) {
  return db
    .selectFrom(tableOf[kind])
    .select(['id', 'isDefault'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Takes the default flag from whichever reason of this kind has it. */
export async function clearDefaultReason(db: Executor, kind: ReasonKind): Promise<void> {
  await db
    .updateTable(tableOf[kind])
    .set({ isDefault: false })
    .where('isDefault', '=', true)
    .execute();
}

export function insertAdminReason(db: Executor, kind: ReasonKind, reason: ReasonBody) {
  return db
    .insertInto(tableOf[kind])
    .values(reason)
    .returning(['id', 'label', 'isDefault', 'sortOrder'])
    .executeTakeFirstOrThrow();
}

export function updateAdminReason(db: Executor, kind: ReasonKind, id: string, reason: ReasonBody) {
  return db
    .updateTable(tableOf[kind])
    .set(reason)
    .where('id', '=', id)
    .returning(['id', 'label', 'isDefault', 'sortOrder'])
    .executeTakeFirst();
}

/** Whether past work records the reason (wrap-ups, agents' state history or current state). */
export async function reasonInUse(db: Executor, kind: ReasonKind, id: string): Promise<boolean> {
  const used =
    kind === 'wrap-up'
      ? await db
          .selectFrom('wrapUpSelections')
          .select('reasonId')
          .where('reasonId', '=', id)
          .limit(1)
          .executeTakeFirst()
      : ((await db
          .selectFrom('agentPresence')
          .select('userId')
          .where('idleReasonId', '=', id)
          .limit(1)
          .executeTakeFirst()) ??
        (await db
          .selectFrom('agentStateLog')
          .select('userId')
          .where('idleReasonId', '=', id)
          .limit(1)
          .executeTakeFirst()));
  return used !== undefined;
}

export async function deleteAdminReason(db: Executor, kind: ReasonKind, id: string) {
  await db.deleteFrom(tableOf[kind]).where('id', '=', id).execute();
}
