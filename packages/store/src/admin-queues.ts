import type { AdminQueue, ChannelSetting, Channel, QueueBody } from '@sangdam/contracts';
import { sql } from 'kysely';
import { policyOf } from './attachments.ts';
import type { Executor } from './database.ts';

/** Queues with their effective offer timeout and the teams serving them, by name. */
export async function listAdminQueues(db: Executor, id?: string): Promise<AdminQueue[]> {
  let query = db
    .selectFrom('queues as q')
    .innerJoin('channelSettings as s', 's.channel', 'q.channel')
    .select([
      'q.id',
      'q.name',
      'q.channel',
      'q.priority',
      'q.routingStrategy',
      'q.offerTimeoutSeconds',
    ])
    .select((eb) => [
      eb.fn
        .coalesce('q.offerTimeoutSeconds', 's.offerTimeoutSeconds')
        .as('effectiveOfferTimeoutSeconds'),
      eb.fn
        .coalesce(
          eb
            .selectFrom('teamQueues as tq')
            .select(sql<string[]>`array_agg(tq.team_id order by tq.team_id)`.as('ids'))
            .whereRef('tq.queueId', '=', 'q.id'),
          sql<string[]>`'{}'::uuid[]`,
        )
        .as('teamIds'),
    ])
    .orderBy('q.name');
  if (id) query = query.where('q.id', '=', id);
  return query.execute();
}

export function insertAdminQueue(db: Executor, queue: QueueBody) {
  return db.insertInto('queues').values(queue).returning('id').executeTakeFirstOrThrow();
}

export async function updateAdminQueue(db: Executor, id: string, queue: QueueBody) {
  const result = await db.updateTable('queues').set(queue).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** What still points at a queue: contacts routed through it, chat entry points, email addresses. */
export async function queueUsage(db: Executor, id: string) {
  const row = await db
    .selectFrom('queues as q')
    .select((eb) => [
      eb
        .selectFrom('interactions')
        .select((i) => i.fn.countAll<string>().as('n'))
        .whereRef('queueId', '=', 'q.id')
        .as('interactions'),
      eb
        .selectFrom('entryPoints')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('queueId', '=', 'q.id')
        .as('entryPoints'),
      eb
        .selectFrom('emailAddresses')
        .select((a) => a.fn.countAll<string>().as('n'))
        .whereRef('queueId', '=', 'q.id')
        .as('emailAddresses'),
    ])
    .where('q.id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      interactions: Number(row.interactions),
      entryPoints: Number(row.entryPoints),
      emailAddresses: Number(row.emailAddresses),
    }
  );
}

export async function deleteAdminQueue(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('queues').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function listChannelSettings(db: Executor): Promise<ChannelSetting[]> {
  const rows = await db
    .selectFrom('channelSettings')
    .select([
      'channel',
      'offerTimeoutSeconds',
      'customerAwayTimeoutSeconds',
      'wrapUpTimeoutSeconds',
      'wrapUpCancelAllowed',
      'attachmentsEnabled',
      'attachmentExtensions',
      'attachmentMaxFiles',
      'attachmentTotalLimitBytes',
    ])
    .orderBy('channel')
    .execute();
  return rows.map(
    ({
      attachmentsEnabled,
      attachmentExtensions,
      attachmentMaxFiles,
      attachmentTotalLimitBytes,
      ...setting
    }) => ({
      ...setting,
      attachments: policyOf({
        attachmentsEnabled,
        attachmentExtensions,
        attachmentMaxFiles,
        attachmentTotalLimitBytes,
      }),
    }),
  );
}

/** How long a chat's customer may be away before the chat ends (null: never). */
export async function setChannelCustomerAwayTimeout(
  db: Executor,
  channel: Channel,
  customerAwayTimeoutSeconds: number | null,
): Promise<void> {
  await db
    .updateTable('channelSettings')
    .set({ customerAwayTimeoutSeconds })
    .where('channel', '=', channel)
    .execute();
}

export async function setChannelOfferTimeout(
  db: Executor,
  channel: Channel,
  offerTimeoutSeconds: number,
): Promise<void> {
  await db
    .insertInto('channelSettings')
    .values({ channel, offerTimeoutSeconds })
    .onConflict((oc) => oc.column('channel').doUpdateSet({ offerTimeoutSeconds }))
    .execute();
}
