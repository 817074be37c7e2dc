import type { Channel, QueueRef, Reason } from '@sangdam/contracts';
import type { Executor } from './database.ts';

/** Admin-defined lists the desktop needs: wrap-up reasons, idle reasons, queues. */
export function listWrapUpReasons(db: Executor): Promise<Reason[]> {
  return db
    .selectFrom('wrapUpReasons')
    .select(['id', 'label', 'isDefault'])
    .orderBy('sortOrder')
    .orderBy('label')
    .execute();
}

export function listIdleReasons(db: Executor): Promise<Reason[]> {
  return db
    .selectFrom('idleReasons')
    .select(['id', 'label', 'isDefault'])
    .orderBy('sortOrder')
    .orderBy('label')
    .execute();
}

export function listQueues(db: Executor): Promise<QueueRef[]> {
  return db.selectFrom('queues').select(['id', 'name', 'channel']).orderBy('name').execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function insertQueue(
  db: Executor,
  queue: { name: string; channel: Channel; offerTimeoutSeconds: number | null },
) {
  return db
    .insertInto('queues')
    .values(queue)
    .returning(['id', 'name', 'channel'])
    .executeTakeFirstOrThrow();
}

export function insertProfile(
  db: Executor,
  profile: {
    name: string;
    mode: 'blended' | 'exclusive';
    chatCapacity: number;
    emailCapacity: number;
    isDefault?: boolean;
  },
) {
  return db
    .insertInto('multimediaProfiles')
    .values(profile)
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function insertTeam(db: Executor, team: { name: string; profileId: string | null }) {
  return db.insertInto('teams').values(team).returning('id').executeTakeFirstOrThrow();
}

export async function addTeamMembers(db: Executor, teamId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return;
  await db
    .insertInto('teamMembers')
    .values(userIds.map((userId) => ({ teamId, userId })))
    .execute();
}

export async function addTeamQueues(db: Executor, teamId: string, queueIds: readonly string[]) {
  if (queueIds.length === 0) return;
  await db
    .insertInto('teamQueues')
    .values(queueIds.map((queueId) => ({ teamId, queueId })))
    .execute();
}

export async function insertReasons(
  db: Executor,
  table: 'wrapUpReasons' | 'idleReasons',
  reasons: readonly { label: string; isDefault?: boolean }[],
) {
  return db
    .insertInto(table)
    .values(reasons.map((reason, index) => ({ ...reason, sortOrder: index })))
    .returning(['id', 'label', 'isDefault'])
    .execute();
}

export function insertEntryPoint(
  db: Executor,
  entryPoint: { name: string; queueId: string; greeting: string; isDefault?: boolean },
) {
  return db.insertInto('entryPoints').values(entryPoint).returning('id').executeTakeFirstOrThrow();
}
