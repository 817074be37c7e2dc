import type { Role } from '@sangdam/contracts';
import type { Executor } from './database.ts';

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  deactivatedAt: Date | null;
}

const userColumns = [
  'id',
  'email',
  'displayName',
  'role',
  'passwordHash',
  'deactivatedAt',
] as const;

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
}

/** The user's row; with `lock`, held until the transaction ends (account changes take turns). */
export function findUserById(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<UserRow | undefined> {
  const query = db.selectFrom('users').select(userColumns).where('id', '=', id);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

export function listUsers(db: Executor): Promise<UserRow[]> {
  return db.selectFrom('users').select(userColumns).orderBy('role').orderBy('email').execute();
}

export async function insertUser(
  db: Executor,
  user: {
    email: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    profileId?: string | null;
  },
): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({ ...user, email: user.email.toLowerCase() })
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

/** Changes who the user is and what they may do; false when the user does not exist. */
export async function updateUserAccount(
  db: Executor,
  id: string,
  account: { email: string; displayName: string; role: Role },
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({
      email: account.email.toLowerCase(),
      displayName: account.displayName,
      role: account.role,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function setPasswordHash(db: Executor, id: string, passwordHash: string) {
  await db.updateTable('users').set({ passwordHash }).where('id', '=', id).execute();
}

/** Deactivates (`at`) or reactivates (null) the account. */
export async function setDeactivatedAt(db: Executor, id: string, at: Date | null) {
  await db.updateTable('users').set({ deactivatedAt: at }).where('id', '=', id).execute();
}

/** Whether another user already signs in with this email (case-insensitive). */
export async function emailTaken(db: Executor, email: string, exceptId: string | null) {
  let query = db.selectFrom('users').select('id').where('email', '=', email.toLowerCase());
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function createSession(
  db: Executor,
  session: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The session's user, when the session exists, has not expired and the user is active. */
export async function findSession(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<{ user: UserRow; csrfToken: string; expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'users.id',
      'users.email',
      'users.displayName',
      'users.role',
      'users.passwordHash',
      'users.deactivatedAt',
      'sessions.csrfToken',
      'sessions.expiresAt',
    ])
    .where('sessions.tokenHash', '=', tokenHash)
    .where('sessions.expiresAt', '>', now)
    .where('users.deactivatedAt', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { csrfToken, expiresAt, ...user } = row;
  return { user, csrfToken, expiresAt };
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
}

/**
 * Ends every session of the user except `keepTokenHash` (null: all of them) and returns the
 * ended sessions' token hashes, so their sockets can be closed.
 */
export async function deleteSessionsOfUser(
  db: Executor,
  userId: string,
  keepTokenHash: string | null,
): Promise<string[]> {
  let query = db.deleteFrom('sessions').where('userId', '=', userId);
  if (keepTokenHash) query = query.where('tokenHash', '!=', keepTokenHash);
  const rows = await query.returning('tokenHash').execute();
  return rows.map((row) => row.tokenHash);
}

export async function countOtherSessions(
  db: Executor,
  userId: string,
  tokenHash: string,
  now: Date,
): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('userId', '=', userId)
    .where('tokenHash', '!=', tokenHash)
    .where('expiresAt', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
