import type { AdminUser, CreatedUser, UserBody } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  deleteSessionsOfUser,
  emailTaken,
  findUserById,
  insertUser,
  setDeactivatedAt,
  setPasswordHash,
  setUserRouting,
  updateUserAccount,
  type Tx,
  type UserRow,
} from '@sangdam/store';
import { hashPassword, newTemporaryPassword } from '../../auth/passwords.ts';
import { requireExisting } from './rules.ts';
import { listUsersForAdmin } from './teams.ts';
import { inTransaction, type Deps } from '../deps.ts';
import type { Outbox } from '../outbox.ts';
import { changePresence } from '../interactions/presence.ts';
import { releaseAgentContacts, type Released } from '../interactions/release-agent.ts';

async function reread(deps: Deps, id: string): Promise<AdminUser> {
  const [user] = await listUsersForAdmin(deps, id);
  return user!;
}

async function requireFreeEmail(tx: Tx, email: string, exceptId: string | null) {
  if (await emailTaken(tx, email, exceptId)) {
    throw new AppError('EMAIL_TAKEN', `Another user already signs in with ${email.toLowerCase()}`);
  }
}

async function requireRoutingReferences(tx: Tx, body: UserBody) {
  if (body.profileId)
    await requireExisting(tx, 'multimedia_profiles', [body.profileId], 'profileId');
  await requireExisting(tx, 'teams', body.teamIds, 'teamIds');
}

async function lockUser(tx: Tx, id: string): Promise<UserRow> {
  const user = await findUserById(tx, id, { lock: true });
  if (!user) throw new AppError('NOT_FOUND', 'This user no longer exists');
  return user;
}

/** Two admins adding the same email at once both pass the check; the unique index decides. */
async function emailGuard<T>(email: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') {
      throw new AppError(
        'EMAIL_TAKEN',
        `Another user already signs in with ${email.toLowerCase()}`,
      );
    }
    throw error;
  }
}

/** Creates a user with a temporary password, returned here once and never stored in clear. */
export async function createUser(deps: Deps, body: UserBody): Promise<CreatedUser> {
  const temporaryPassword = newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const id = await inTransaction(deps, async (tx) => {
    await requireFreeEmail(tx, body.email, null);
    await requireRoutingReferences(tx, body);
    const user = await emailGuard(body.email, () =>
      insertUser(tx, {
        email: body.email,
        displayName: body.displayName,
        role: body.role,
        passwordHash,
      }),
    );
    await setUserRouting(tx, user.id, body);
    return user.id;
  });
  deps.requestRouting();
  return { user: await reread(deps, id), temporaryPassword };
}

/**
 * Edits a user. An admin cannot change their own role (they would lock themselves out of this
 * screen); a changed email is the new sign-in name from the next sign-in.
 */
export async function updateUser(
  deps: Deps,
  actorId: string,
  id: string,
  body: UserBody,
): Promise<AdminUser> {
  await inTransaction(deps, async (tx) => {
    const user = await lockUser(tx, id);
    if (id === actorId && body.role !== user.role) {
      throw new AppError('OWN_ACCOUNT', 'You cannot change your own role');
    }
    await requireFreeEmail(tx, body.email, id);
    await requireRoutingReferences(tx, body);
    await emailGuard(body.email, () => updateUserAccount(tx, id, body));
    await setUserRouting(tx, id, body);
  });
  deps.requestRouting();
  return reread(deps, id);
}

/**
 * Gives the user a new temporary password (shown once) and ends all their sessions: whoever
 * knew the old password is out.
 */
export async function resetPassword(deps: Deps, id: string): Promise<string> {
  const temporaryPassword = newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await inTransaction(deps, async (tx, outbox) => {
    await lockUser(tx, id);
    await setPasswordHash(tx, id, passwordHash);
    await endAllSessions(tx, outbox, id);
  });
  return temporaryPassword;
}

async function endAllSessions(tx: Tx, outbox: Outbox, userId: string) {
  for (const tokenHash of await deleteSessionsOfUser(tx, userId, null)) {
    outbox.add({ to: 'session', tokenHash, event: 'session:ended', payload: {} });
  }
}

/**
 * Deactivates an account: sign-in refused, every session ended (sockets closed on every node),
 * out of routing; then their contacts are handed back (see releaseAgentContacts). Running it
 * again on a deactivated user finishes a hand-back that was interrupted.
 */
export async function deactivateUser(
  deps: Deps,
  actorId: string,
  id: string,
): Promise<{ user: AdminUser; released: Released }> {
  if (id === actorId) throw new AppError('OWN_ACCOUNT', 'You cannot deactivate your own account');
  // First out of routing, so no new offer reaches them while their contacts are handed back.
  await inTransaction(deps, async (tx, outbox) => {
    const user = await lockUser(tx, id);
    if (!user.deactivatedAt) await setDeactivatedAt(tx, id, deps.clock());
    await endAllSessions(tx, outbox, id);
    await changePresence(tx, outbox, id, { to: 'offline', cause: 'deactivated' }, deps.clock());
  });
  const released = await releaseAgentContacts(deps, id);
  deps.log.info({ userId: id, actorId, ...released }, 'user deactivated');
  return { user: await reread(deps, id), released };
}

/** Lets the user sign in again; they start Idle at their next sign-in, as anyone (R-AV-6). */
export async function reactivateUser(deps: Deps, id: string): Promise<AdminUser> {
  await inTransaction(deps, async (tx) => {
    await lockUser(tx, id);
    await setDeactivatedAt(tx, id, null);
  });
  return reread(deps, id);
}
