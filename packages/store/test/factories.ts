import { randomUUID } from 'node:crypto';
import type { Channel, Role } from '@sangdam/contracts';
import type { Db } from '../src/database.ts';
import { insertUser } from '../src/accounts.ts';
import {
  addTeamMembers,
  addTeamQueues,
  insertProfile,
  insertQueue,
  insertTeam,
} from '../src/organisation.ts';
import { insertCustomer, insertInteraction } from '../src/interactions.ts';
import { loadPresence, savePresence } from '../src/presence.ts';
import { recordConnections } from '../src/connections.ts';
import { transitionPresence, type PresenceChange } from '@sangdam/core';

/** Test data builders: each makes one real row with sensible defaults. */
const unique = () => randomUUID().slice(0, 8);

export function buildUser(db: Db, overrides: { role?: Role; displayName?: string } = {}) {
  const name = overrides.displayName ?? `Agent ${unique()}`;
  return insertUser(db, {
    email: `${unique()}@example.test`,
    displayName: name,
    role: overrides.role ?? 'agent',
    passwordHash: 'not-a-real-hash',
  });
}

export function buildQueue(
  db: Db,
  overrides: { channel?: Channel; offerTimeoutSeconds?: number } = {},
) {
  return insertQueue(db, {
    name: `Queue ${unique()}`,
    channel: overrides.channel ?? 'chat',
    offerTimeoutSeconds: overrides.offerTimeoutSeconds ?? 30,
  });
}

/** A team serving `queueIds` with members `userIds`, on a profile with the given capacity. */
export async function buildTeam(
  db: Db,
  options: {
    queueIds: string[];
    userIds: string[];
    chatCapacity?: number;
    emailCapacity?: number;
    mode?: 'blended' | 'exclusive';
  },
) {
  const profile = await insertProfile(db, {
    name: `Profile ${unique()}`,
    mode: options.mode ?? 'blended',
    chatCapacity: options.chatCapacity ?? 5,
    emailCapacity: options.emailCapacity ?? 5,
  });
  const team = await insertTeam(db, { name: `Team ${unique()}`, profileId: profile.id });
  await addTeamMembers(db, team.id, options.userIds);
  await addTeamQueues(db, team.id, options.queueIds);
  return team;
}

export async function buildChat(
  db: Db,
  options: { queueId: string; enqueuedAt?: Date; customerName?: string },
) {
  const customer = await insertCustomer(db, {
    name: options.customerName ?? `Customer ${unique()}`,
    email: `${unique()}@customer.test`,
  });
  const interaction = await insertInteraction(db, {
    channel: 'chat',
    customerId: customer.id,
    queueId: options.queueId,
    entryPointId: null,
    customerTokenHash: null,
    enqueuedAt: options.enqueuedAt ?? new Date(),
  });
  return { ...interaction, customer };
}

/** Walks an agent through presence changes at `at`, stored with compare-and-set. */
export async function changePresenceOf(
  db: Db,
  userId: string,
  changes: readonly PresenceChange[],
  at: Date,
): Promise<void> {
  let presence = await loadPresence(db, userId, at);
  for (const change of changes) {
    const next = transitionPresence(presence, change, at);
    await savePresence(db, userId, presence.version, next, change.cause);
    presence = next;
  }
}

/** Signs an agent in and makes them Available at `at`, with a desktop connected. */
export async function makeAvailable(db: Db, userId: string, at = new Date()): Promise<void> {
  await connectDesktop(db, userId, at);
  await changePresenceOf(
    db,
    userId,
    [
      { to: 'idle', cause: 'sign-in' },
      { to: 'available', cause: 'agent' },
    ],
    at,
  );
}

/** A desktop of the agent connected to some node at `at`, counted live until `liveUntil`. */
export function connectDesktop(
  db: Db,
  userId: string,
  at = new Date(),
  liveUntil = new Date('9999-12-31T00:00:00Z'),
): Promise<void> {
  return recordConnections(db, [
    { kind: 'agent', subjectId: userId, nodeId: randomUUID(), sockets: 1, seenAt: at, liveUntil },
  ]);
}
