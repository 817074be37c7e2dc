import type { ChangePasswordBody, LoginBody, SessionResponse, User } from '@sangdam/contracts';
import { AppError, validateNewPassword } from '@sangdam/core';
import {
  createSession,
  deleteSession,
  deleteSessionsOfUser,
  findSession,
  findUserByEmail,
  findUserById,
  listOpenContacts,
  loadPresence,
  setPasswordHash,
  type UserRow,
} from '@sangdam/store';
import { randomBytes } from 'node:crypto';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { hashToken, newToken } from '../../auth/tokens.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { signInPresence, signOutPresence } from '../interactions/presence.ts';
import { presentPresence } from '../interactions/presenters.ts';

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
  // Told only after the right password, so the refusal reveals nothing to a guesser.
  if (user.deactivatedAt) {
    throw new AppError('ACCOUNT_DEACTIVATED', 'This account is deactivated; ask an admin');
  }
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

/**
 * Ends the session and closes its sockets; the agent goes offline. Refused while an offer is
 * pending (R-AV-6) or while the agent holds open contacts: their customers would write to nobody.
 */
export async function logout(deps: Deps, signedIn: SignedIn): Promise<void> {
  const open = await listOpenContacts(deps.db, signedIn.user.id);
  if (open.length > 0) {
    const names = open.map((contact) => contact.customerName).join(', ');
    throw new AppError('OPEN_CONTACTS', `End your open contacts before signing out: ${names}`, {
      contacts: open,
    });
  }
  await signOutPresence(deps, signedIn.user.id);
  await deleteSession(deps.db, signedIn.tokenHash);
  await deps.publisher.publish([
    { to: 'session', tokenHash: signedIn.tokenHash, event: 'session:ended', payload: {} },
  ]);
}

/**
 * Every user changes their own password, proving it with the current one. Their other sessions
 * end (and their sockets close on every node); this one is kept.
 */
export async function changeOwnPassword(
  deps: Deps,
  signedIn: SignedIn,
  input: ChangePasswordBody,
): Promise<void> {
  const newPassword = validateNewPassword(input.newPassword);
  const user = await findUserById(deps.db, signedIn.user.id);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError('WRONG_PASSWORD', 'The current password is not right');
  }
  const passwordHash = await hashPassword(newPassword);
  await inTransaction(deps, async (tx, outbox) => {
    await setPasswordHash(tx, user.id, passwordHash);
    for (const tokenHash of await deleteSessionsOfUser(tx, user.id, signedIn.tokenHash)) {
      outbox.add({ to: 'session', tokenHash, event: 'session:ended', payload: {} });
    }
  });
}
