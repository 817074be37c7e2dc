import type { AgentState, Channel } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** The channel's queues with how many contacts wait in each (the transfer dialog's Queue tab). */
export async function listQueuesWithWaiting(db: Executor, channel: Channel) {
  const { rows } = await sql<{ id: string; name: string; channel: Channel; waiting: string }>`
    select q.id, q.name, q.channel,
      (select count(*) from interactions i where i.queue_id = q.id and i.status = 'queued')
        as waiting
    from queues q where q.channel = ${channel}
    order by q.name, q.id`.execute(db);
  return rows.map((row) => ({ ...row, waiting: Number(row.waiting) }));
}

export interface SignedInAgentRow {
  id: string;
  name: string;
  state: AgentState;
}

/**
 * Active accounts that take contacts (role agent, or a member of a team) and are signed in
 * (any state but offline), by name; `userId` to read one of them only.
 */
export async function listSignedInAgents(
  db: Executor,
  userId?: string,
): Promise<SignedInAgentRow[]> {
  const { rows } = await sql<SignedInAgentRow>`
    select u.id, u.display_name as name, ap.state
    from users u join agent_presence ap on ap.user_id = u.id
    where ap.state <> 'offline' and u.deactivated_at is null
      and (u.role = 'agent' or exists (select 1 from team_members tm where tm.user_id = u.id))
      ${userId ? sql`and u.id = ${userId}` : sql``}
    order by u.display_name, u.id`.execute(db);
  return rows;
}

/** The queue, if it exists. */
export function findQueue(db: Executor, id: string) {
  return db
    .selectFrom('queues')
    .select(['id', 'name', 'channel'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Seconds an offer of the channel lasts when no queue says otherwise. */
export async function channelOfferTimeout(db: Executor, channel: Channel): Promise<number> {
  const row = await db
    .selectFrom('channelSettings')
    .select('offerTimeoutSeconds')
    .where('channel', '=', channel)
    .executeTakeFirstOrThrow();
  return row.offerTimeoutSeconds;
}

/** Moves the contact to another queue; it keeps its place by when its customer first waited. */
export async function moveToQueue(db: Executor, interactionId: string, queueId: string) {
  await db
    .updateTable('interactions')
    .set({ queueId, status: 'queued' })
    .where('id', '=', interactionId)
    .execute();
}
