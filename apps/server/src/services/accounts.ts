import type { LoginBody, SessionResponse, User } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  createSession,
  deleteSession,
  findSession,
  findUserByEmail,
  loadPresence,
  type UserRow,
} from '@sangdam/store';
import { randomBytes } from 'node:crypto';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { Deps } from './deps.ts';
import { signInPresence, signOutPresence } from './presence.ts';
import { presentPresence } from './presenters.ts';

export interface SignedIn {
  user: UserRow;
  csrfToken: string;
  tokenHash: string;
  /** When the session ends; open sockets end with it. */
  expiresAt: Date;
}

export function presentUser(user: UserRow): User {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
}

/** Checks the password and opens a server-side session; returns the cookie token. */
export async function login(
  deps: Deps,
  input: LoginBody,
  ttlHours: number,
): Promise<{ token: string; session: SessionResponse }> {
  const user = await findUserByEmail(deps.db, input.email);
  const valid = await verifyPassword(
    input.password,
    user?.passwordHash ?? (await dummyPasswordHash()),
  );
  if (!user || !valid) throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password');
  const token = newToken();
  const csrfToken = randomBytes(24).toString('base64url');
  const now = deps.clock();
  await createSession(deps.db, {
    tokenHash: hashToken(token),
    userId: user.id,
    csrfToken,
    expiresAt: new Date(now.getTime() + ttlHours * 3600_000),
  });
  const presence = await signInPresence(deps, user.id);
  return { token, session: { user: presentUser(user), presence, csrfToken } };
}

/** The session behind a cookie token, or null when missing or expired. */
export async function resolveSession(
  deps: Deps,
  token: string | undefined,
): Promise<SignedIn | null> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const found = await findSession(deps.db, tokenHash, deps.clock());
  return found ? { ...found, tokenHash } : null;
}

export async function describeSession(deps: Deps, signedIn: SignedIn): Promise<SessionResponse> {
  const presence = await loadPresence(deps.db, signedIn.user.id, deps.clock());
  return {
    user: presentUser(signedIn.user),
    presence: presentPresence(presence),
    csrfToken: signedIn.csrfToken,
  };
}

/** Ends the session and closes its sockets; the agent goes offline (not while an offer is pending). */
export async function logout(deps: Deps, signedIn: SignedIn): Promise<void> {
  await signOutPresence(deps, signedIn.user.id);
  await deleteSession(deps.db, signedIn.tokenHash);
  await deps.publisher.publish([
    { to: 'session', tokenHash: signedIn.tokenHash, event: 'session:ended', payload: {} },
  ]);
}
