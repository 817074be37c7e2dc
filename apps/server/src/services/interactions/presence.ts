import type { Presence } from '@sangdam/contracts';
import { AppError, transitionPresence, type PresenceChange } from '@sangdam/core';
import {
  countPendingOffers,
  idleReasonExists,
  loadPresence,
  lockPresence,
  savePresence,
  type Tx,
} from '@sangdam/store';
import { inTransaction, type Deps } from '../deps.ts';
import type { Outbox } from '../outbox.ts';
import { presentPresence } from './presenters.ts';

/**
 * Applies one presence change with compare-and-set and queues the push to all the agent's
 * desktops. The row lock makes concurrent changes for one agent take turns.
 */
export async function changePresence(
  tx: Tx,
  outbox: Outbox,
  userId: string,
  change: PresenceChange,
  now: Date,
): Promise<Presence> {
  await lockPresence(tx, userId);
  const current = await loadPresence(tx, userId, now);
  const next = transitionPresence(current, change, now);
  await savePresence(tx, userId, current.version, next, change.cause);
  const presence = presentPresence(next);
  if (next !== current)
    outbox.add({ to: 'agent', userId, event: 'presence:changed', payload: presence });
  return presence;
}

/** R-AV-1/R-AV-6: the agent chooses Available, or Idle with a reason. */
export async function setPresence(
  deps: Deps,
  userId: string,
  input: { state: 'available' | 'idle'; idleReasonId?: string | null | undefined },
): Promise<Presence> {
  const presence = await inTransaction(deps, async (tx, outbox) => {
    if (
      input.state === 'idle' &&
      input.idleReasonId &&
      !(await idleReasonExists(tx, input.idleReasonId))
    ) {
      throw new AppError('UNKNOWN_IDLE_REASON', 'That idle reason no longer exists');
    }
    return changePresence(
      tx,
      outbox,
      userId,
      { to: input.state, idleReasonId: input.idleReasonId ?? null, cause: 'agent' },
      deps.clock(),
    );
  });
  if (presence.state === 'available') deps.requestRouting();
  return presence;
}

/** Sign-in puts the agent in Idle (R-AV-6), unless another tab already has them working. */
export async function signInPresence(deps: Deps, userId: string): Promise<Presence> {
  return inTransaction(deps, async (tx, outbox) => {
    const current = await loadPresence(tx, userId, deps.clock());
    const to = current.state === 'offline' ? 'idle' : current.state;
    return changePresence(tx, outbox, userId, { to, cause: 'sign-in' }, deps.clock());
  });
}

/** Sign-out, refused while an offer is pending (R-AV-6). */
export async function signOutPresence(deps: Deps, userId: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    await lockPresence(tx, userId);
    if ((await countPendingOffers(tx, userId)) > 0) {
      throw new AppError(
        'OFFER_PENDING',
        'Accept or let the pending offer pass before signing out',
      );
    }
    await changePresence(tx, outbox, userId, { to: 'offline', cause: 'sign-out' }, deps.clock());
  });
}
