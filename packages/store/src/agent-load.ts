import type { Channel } from '@sangdam/contracts';
import type { ChannelLoad, MultimediaProfile } from '@sangdam/core';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** Each agent's multimedia profile: their own, else their team's, else the default. */
export async function profilesOf(
  db: Executor,
  userIds: readonly string[],
): Promise<Map<string, MultimediaProfile>> {
  const { rows } = await sql<{
    userId: string;
    mode: 'blended' | 'exclusive';
    chatCapacity: number;
    emailCapacity: number;
  }>`
    select u.id as user_id, mp.mode, mp.chat_capacity, mp.email_capacity
    from users u
    join lateral (
      select p.* from multimedia_profiles p
      where p.id = u.profile_id
         or p.id in (select t.profile_id from team_members tm join teams t on t.id = tm.team_id
                     where tm.user_id = u.id)
         or p.is_default
      order by (p.id = u.profile_id) desc, p.is_default, p.name
      limit 1
    ) mp on true
    where u.id in (${sql.join(userIds)})`.execute(db);
  return new Map(
    rows.map((r) => [
      r.userId,
      { mode: r.mode, capacity: { chat: r.chatCapacity, email: r.emailCapacity } },
    ]),
  );
}

/**
 * Contacts held (until wrap-up releases them) plus pending offers, per agent and channel. A
 * contact counts once however it is held: an agent transferred back a contact whose first part
 * they have not wrapped up yet holds two participations in one contact.
 */
export async function loadsOf(
  db: Executor,
  userIds: readonly string[],
): Promise<Map<string, ChannelLoad>> {
  const { rows } = await sql<{ userId: string; channel: Channel; count: string }>`
    select held.user_id, held.channel, count(*) as count from (
      select p.user_id, i.channel, i.id from participants p
      join interactions i on i.id = p.interaction_id
      where p.released_at is null and p.user_id in (${sql.join(userIds)})
      union
      select o.user_id, i.channel, i.id from offers o join interactions i on i.id = o.interaction_id
      where o.status = 'pending' and o.user_id in (${sql.join(userIds)})
    ) held group by held.user_id, held.channel`.execute(db);
  const loads = new Map<string, ChannelLoad>();
  for (const row of rows) {
    const load = loads.get(row.userId) ?? { chat: 0, email: 0 };
    load[row.channel] = Number(row.count);
    loads.set(row.userId, load);
  }
  return loads;
}
