import { AppError } from '@sangdam/core';
import {
  countPendingOffers,
  customerIsConnected,
  deleteStaleConnections,
  findInteraction,
  listAgentsAwaySince,
  listChatsWithCustomerAway,
  listParticipants,
  listStaleCustomerConnections,
  lockPresence,
  recordConnections,
  recordNodeHeartbeat,
  setCustomerConnected,
} from '@sangdam/store';
import { randomUUID } from 'node:crypto';
import { inTransaction, type Deps } from '../deps.ts';
import { Periodic } from '../periodic.ts';
import { closeInteraction, withdrawPendingOffer } from './lifecycle.ts';
import { changePresence } from './presence.ts';

/** How long a missing desktop is forgiven, and how often nodes say they are still there. */
export interface ConnectionTiming {
  /** No desktop this long: not offered contacts. */
  graceMs: number;
  /** No desktop this long: signed out of routing. */
  signOutMs: number;
  /** How often a node refreshes its sightings (and the workers sweep); well under the grace. */
  heartbeatMs: number;
}

export function connectionTiming(graceSeconds: number, signOutSeconds: number): ConnectionTiming {
  const graceMs = graceSeconds * 1000;
  // Four heartbeats fit in the grace: a live node is never mistaken for a dead one.
  return { graceMs, signOutMs: signOutSeconds * 1000, heartbeatMs: Math.min(5000, graceMs / 4) };
}

type Kind = 'agent' | 'customer';

/**
 * This node's sockets per agent and per chat, mirrored durably into `live_connections` so that
 * every node (and the workers' sweep) knows who is connected anywhere. Writes go out one at a
 * time in the order sockets came and went, so a reload's disconnect never lands after its
 * reconnect. A node that dies stops its heartbeat and its rows go stale by themselves.
 */
export class ConnectionTracker {
  readonly nodeId = randomUUID();
  private readonly counts = new Map<string, number>();
  private writes: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock' | 'log' | 'publisher' | 'requestRouting'>,
    private readonly timing: ConnectionTiming,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.heartbeat(), this.timing.heartbeatMs);
    this.timer.unref();
  }

  /** Stops the heartbeat and waits for the writes already queued (sockets closed first). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writes;
  }

  /** A socket of this agent or chat connected here; resolves once every node can see it. */
  connected(kind: Kind, subjectId: string): Promise<void> {
    return this.change(kind, subjectId, +1);
  }

  disconnected(kind: Kind, subjectId: string): void {
    void this.change(kind, subjectId, -1);
  }

  private change(kind: Kind, subjectId: string, by: 1 | -1): Promise<void> {
    const key = `${kind}:${subjectId}`;
    const sockets = Math.max(0, (this.counts.get(key) ?? 0) + by);
    if (sockets === 0) this.counts.delete(key);
    else this.counts.set(key, sockets);
    return this.enqueue(async () => {
      const seenAt = this.deps.clock();
      const liveUntil = new Date(seenAt.getTime() + this.timing.graceMs);
      const row = { kind, subjectId, nodeId: this.nodeId, sockets, seenAt, liveUntil };
      await recordConnections(this.deps.db, [row]);
      if (kind === 'customer') await announceCustomerConnection(this.deps, subjectId);
      // An agent back within the sign-out period is offered again at once.
      else if (by > 0) this.deps.requestRouting();
    });
  }

  private heartbeat(): void {
    void this.enqueue(async () => {
      const seenAt = this.deps.clock();
      const liveUntil = new Date(seenAt.getTime() + this.timing.graceMs);
      await recordNodeHeartbeat(this.deps.db, this.nodeId, seenAt, liveUntil);
    });
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write).catch((error: unknown) => {
      this.deps.log.error({ err: error }, 'recording connections failed');
    });
    this.writes = next;
    return next;
  }
}

/**
 * Tells the chat's agents whether its customer is connected, when that changed. The interaction's
 * row lock makes nodes take turns, and each one reads every node's counts, so the last word is
 * always the true one and each change is pushed once.
 */
export async function announceCustomerConnection(
  deps: Pick<Deps, 'db' | 'clock' | 'publisher'>,
  interactionId: string,
): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    const interaction = await findInteraction(tx, interactionId, { lock: true });
    if (!interaction) return;
    const connected = await customerIsConnected(tx, interactionId, deps.clock());
    if (!(await setCustomerConnected(tx, interactionId, connected))) return;
    for (const participant of await listParticipants(tx, interactionId)) {
      if (participant.releasedAt) continue;
      outbox.add({
        to: 'agent',
        userId: participant.userId,
        event: 'customer:presence',
        payload: { interactionId, connected },
      });
    }
  });
}

/**
 * The workers' sweep over who is gone: agents without a desktop for the sign-out period leave
 * routing (cause `disconnected`), customers whose node died are shown as away, chats whose
 * customer has been away for their channel's timeout end (the agent owes a wrap-up).
 */
export class ConnectionSweep extends Periodic {
  constructor(
    private readonly deps: Deps,
    private readonly timing: ConnectionTiming,
  ) {
    super({ log: deps.log, name: 'connection sweep', everyMs: timing.heartbeatMs });
  }

  override async sweep(): Promise<void> {
    const now = this.deps.clock();
    const cutoff = new Date(now.getTime() - this.timing.signOutMs);
    for (const userId of await listAgentsAwaySince(this.deps.db, cutoff)) {
      await signOutAway(this.deps, userId, cutoff);
    }
    for (const interactionId of await listStaleCustomerConnections(this.deps.db, now)) {
      await announceCustomerConnection(this.deps, interactionId);
    }
    let ended = false;
    for (const interactionId of await listChatsWithCustomerAway(this.deps.db, now, 50)) {
      ended = (await endForCustomerAway(this.deps, interactionId)) || ended;
    }
    if (ended) this.deps.requestRouting();
    await deleteStaleConnections(this.deps.db, cutoff);
  }
}

/** Signs an agent out of routing whose desktops have all been gone since `cutoff`. */
async function signOutAway(deps: Deps, userId: string, cutoff: Date): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    await lockPresence(tx, userId);
    // Under the lock: a desktop that came back, or an offer still running, keeps them in.
    if ((await listAgentsAwaySince(tx, cutoff, userId)).length === 0) return;
    if ((await countPendingOffers(tx, userId)) > 0) return;
    await changePresence(
      tx,
      outbox,
      userId,
      { to: 'offline', cause: 'disconnected' },
      deps.clock(),
    );
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'STALE_VERSION') return;
    throw error;
  });
}

/** Ends a chat whose customer has been away for its timeout; false if that is no longer so. */
async function endForCustomerAway(deps: Deps, interactionId: string): Promise<boolean> {
  return inTransaction(deps, async (tx, outbox) => {
    const interaction = await findInteraction(tx, interactionId, { lock: true });
    if (!interaction || interaction.status === 'ended') return false;
    const now = deps.clock();
    const still = await listChatsWithCustomerAway(tx, now, 1, interactionId);
    if (still.length === 0) return false;
    await withdrawPendingOffer(tx, outbox, interactionId, now);
    await closeInteraction(tx, outbox, interactionId, now, 'system', null, 'customer-away');
    return true;
  });
}
