import type { Role } from '@sangdam/contracts';
import type { Executor } from './database.ts';

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

const userColumns = ['id', 'email', 'displayName', 'role', 'passwordHash'] as const;

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: Executor): Promise<UserRow[]> {
  return db.selectFrom('users').select(userColumns).orderBy('role').orderBy('email').execute();
}

export async function insertUser(
  db: Executor,
  user: { email: string; displayName: string; role: Role; passwordHash: string },
): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({ ...user, email: user.email.toLowerCase() })
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

export async function createSession(
  db: Executor,
  session: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The session's user, when the session exists and has not expired. */
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
      'sessions.csrfToken',
      'sessions.expiresAt',
    ])
    .where('sessions.tokenHash', '=', tokenHash)
    .where('sessions.expiresAt', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const { csrfToken, expiresAt, ...user } = row;
  return { user, csrfToken, expiresAt };
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
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
