import type { AgentPush, ConfigChanged, CustomerPush } from '@sangdam/contracts';
import type { Executor } from '@sangdam/store';

/**
 * A push to send once the transaction that caused it has committed: an event of the contracts'
 * `agentPushes` or `customerPushes` with its payload, and who gets it.
 */
export type Push =
  | ({ to: 'agent'; userId: string } & AgentPush)
  /** Every signed-in desktop (configuration changes). */
  | ({ to: 'agents' } & AgentPush)
  /** Supervisors and admins watching the live view. */
  | ({ to: 'supervisors' } & AgentPush)
  /** Every socket of one session: signing out closes them on every node. */
  | ({ to: 'session'; tokenHash: string } & AgentPush)
  | ({ to: 'customer'; interactionId: string } & CustomerPush);

/**
 * Delivers pushes to connected clients on every node (the realtime gateway implements it).
 * Resolves once every push has left this node, so an ack sent afterwards never outruns the
 * push: a node that dies after acknowledging has already told the others.
 */
export interface Publisher {
  publish(pushes: readonly Push[]): Promise<void>;
  /**
   * Fan-out with the commit: tells the other nodes about `pushes` inside `tx`, in one statement
   * (they hear it when it commits, never if it rolls back), and answers what delivers them to
   * this node's clients once committed, without waiting for PostgreSQL. Null when the pushes
   * cannot go that way (one too large for a notification, or one that closes sockets): then
   * `publish` them after commit. With a fan-out outside PostgreSQL (Redis) nothing goes into
   * `tx`: what it answers delivers locally at once and tells the other nodes, resolving when it
   * has (acks wait for that, as they wait for `publish`).
   */
  publishWith(tx: Executor, pushes: readonly Push[]): Promise<(() => void | Promise<void>) | null>;
}

/** Collects pushes during a transaction; flushed only after commit, dropped on rollback. */
export class Outbox {
  readonly pushes: Push[] = [];
  add(push: Push): void {
    this.pushes.push(push);
  }
  /** Drops what was added after `mark` (`pushes.length` then): that part was rolled back. */
  discardSince(mark: number): void {
    this.pushes.splice(mark);
  }
}

/** Tells every signed-in desktop, after commit, that reference data of this kind changed. */
export function configChanged(what: ConfigChanged['what']): Push {
  return { to: 'agents', event: 'config:changed', payload: { what } };
}
