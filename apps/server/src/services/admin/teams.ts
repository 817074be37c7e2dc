import type { AdminTeam, AdminUser, TeamBody, UserRoutingBody } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  deleteAdminTeam,
  insertAdminTeam,
  listAdminTeams,
  listRoutingOfUsers,
  loadPresence,
  replaceTeamLinks,
  setUserRouting,
  updateAdminTeam,
  type Tx,
} from '@sangdam/store';
import { inTransaction, type Deps } from '../deps.ts';
import { configChanged } from '../outbox.ts';
import { presentPresence } from '../interactions/presenters.ts';
import { requireExisting, requireFreeName, uniqueNameGuard } from './rules.ts';

async function requireReferences(tx: Tx, body: TeamBody) {
  if (body.profileId)
    await requireExisting(tx, 'multimedia_profiles', [body.profileId], 'profileId');
  await requireExisting(tx, 'queues', body.queueIds, 'queueIds');
  await requireExisting(tx, 'users', body.memberIds, 'memberIds');
}

async function reread(tx: Tx, id: string): Promise<AdminTeam> {
  const [team] = await listAdminTeams(tx, id);
  return team!;
}

/** Creates a team: its profile, the queues it serves and its members (R-AV-2). */
export async function createTeam(deps: Deps, body: TeamBody): Promise<AdminTeam> {
  const team = await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('teams'));
    await requireFreeName(tx, 'teams', body.name, null);
    await requireReferences(tx, body);
    const { id } = await uniqueNameGuard('A team', () =>
      insertAdminTeam(tx, { name: body.name, profileId: body.profileId }),
    );
    await replaceTeamLinks(tx, id, body);
    return reread(tx, id);
  });
  deps.requestRouting();
  return team;
}

/** Edits a team; the router uses its new queues, members and profile from the next offer. */
export async function updateTeam(deps: Deps, id: string, body: TeamBody): Promise<AdminTeam> {
  const team = await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('teams'));
    if ((await listAdminTeams(tx, id)).length === 0) {
      throw new AppError('NOT_FOUND', 'This team no longer exists');
    }
    await requireFreeName(tx, 'teams', body.name, id);
    await requireReferences(tx, body);
    await uniqueNameGuard('A team', () =>
      updateAdminTeam(tx, id, { name: body.name, profileId: body.profileId }),
    );
    await replaceTeamLinks(tx, id, body);
    return reread(tx, id);
  });
  deps.requestRouting();
  return team;
}

/** Deletes a team; its members stop receiving its queues' contacts (open ones stay theirs). */
export async function deleteTeam(deps: Deps, id: string): Promise<void> {
  const deleted = await inTransaction(deps, (tx, outbox) => {
    outbox.add(configChanged('teams'));
    return deleteAdminTeam(tx, id);
  });
  if (!deleted) throw new AppError('NOT_FOUND', 'This team no longer exists');
}

export function listTeamsForAdmin(deps: Deps): Promise<AdminTeam[]> {
  return listAdminTeams(deps.db);
}

/** Users with presence, own profile and teams: the admin's view of who can be routed what. */
export async function listUsersForAdmin(deps: Deps, id?: string): Promise<AdminUser[]> {
  const users = await listRoutingOfUsers(deps.db, id);
  const now = deps.clock();
  return Promise.all(
    users.map(async (user) => ({
      ...user,
      presence: presentPresence(await loadPresence(deps.db, user.id, now)),
    })),
  );
}

/** Sets an agent's own profile (overriding their teams') and their teams (R-AV-2). */
export async function setAgentRouting(
  deps: Deps,
  userId: string,
  body: UserRoutingBody,
): Promise<AdminUser> {
  await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('teams'));
    if (body.profileId) {
      await requireExisting(tx, 'multimedia_profiles', [body.profileId], 'profileId');
    }
    await requireExisting(tx, 'teams', body.teamIds, 'teamIds');
    if (!(await setUserRouting(tx, userId, body))) {
      throw new AppError('NOT_FOUND', 'This user no longer exists');
    }
  });
  deps.requestRouting();
  const [user] = await listUsersForAdmin(deps, userId);
  return user!;
}
