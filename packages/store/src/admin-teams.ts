import type { AdminTeam, AdminUser, TeamBody } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

const idsOf = (ids: ReturnType<typeof sql<string[]>>) =>
  sql<string[]>`coalesce(${ids}, '{}'::uuid[])`;

/** Teams with their queues and members. */
export function listAdminTeams(db: Executor, id?: string): Promise<AdminTeam[]> {
  let query = db
    .selectFrom('teams as t')
    .select(['t.id', 't.name', 't.profileId'])
    .select([
      idsOf(
        sql`(select array_agg(tq.queue_id order by tq.queue_id) from team_queues tq where tq.team_id = t.id)`,
      ).as('queueIds'),
      idsOf(
        sql`(select array_agg(tm.user_id order by tm.user_id) from team_members tm where tm.team_id = t.id)`,
      ).as('memberIds'),
    ])
    .orderBy('t.name');
  if (id) query = query.where('t.id', '=', id);
  return query.execute();
}

export function insertAdminTeam(db: Executor, team: { name: string; profileId: string | null }) {
  return db.insertInto('teams').values(team).returning('id').executeTakeFirstOrThrow();
}

export async function updateAdminTeam(
  db: Executor,
  id: string,
  team: { name: string; profileId: string | null },
) {
  const result = await db.updateTable('teams').set(team).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Makes the team's queues and members exactly the given ones. */
export async function replaceTeamLinks(
  db: Executor,
  teamId: string,
  links: Pick<TeamBody, 'queueIds' | 'memberIds'>,
): Promise<void> {
  await db.deleteFrom('teamQueues').where('teamId', '=', teamId).execute();
  await db.deleteFrom('teamMembers').where('teamId', '=', teamId).execute();
  const queueIds = [...new Set(links.queueIds)];
  const memberIds = [...new Set(links.memberIds)];
  if (queueIds.length > 0) {
    await db
      .insertInto('teamQueues')
      .values(queueIds.map((queueId) => ({ teamId, queueId })))
      .execute();
  }
  if (memberIds.length > 0) {
    await db
      .insertInto('teamMembers')
      .values(memberIds.map((userId) => ({ teamId, userId })))
      .execute();
  }
}

export async function deleteAdminTeam(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Users with what routing needs to know of them: own profile and teams. */
export function listRoutingOfUsers(
  db: Executor,
  id?: string,
): Promise<
  Pick<AdminUser, 'id' | 'email' | 'displayName' | 'role' | 'profileId' | 'teamIds' | 'active'>[]
> {
  let query = db
    .selectFrom('users as u')
    .select(['u.id', 'u.email', 'u.displayName', 'u.role', 'u.profileId'])
    .select(sql<boolean>`u.deactivated_at is null`.as('active'))
    .select(
      idsOf(
        sql`(select array_agg(tm.team_id order by tm.team_id) from team_members tm where tm.user_id = u.id)`,
      ).as('teamIds'),
    )
    .orderBy('u.role')
    .orderBy('u.email');
  if (id) query = query.where('u.id', '=', id);
  return query.execute();
}

/** Sets the agent's own profile and makes their teams exactly `teamIds`. */
export async function setUserRouting(
  db: Executor,
  userId: string,
  routing: { profileId: string | null; teamIds: readonly string[] },
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ profileId: routing.profileId })
    .where('id', '=', userId)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await db.deleteFrom('teamMembers').where('userId', '=', userId).execute();
  const teamIds = [...new Set(routing.teamIds)];
  if (teamIds.length > 0) {
    await db
      .insertInto('teamMembers')
      .values(teamIds.map((teamId) => ({ teamId, userId })))
      .execute();
  }
  return true;
}
