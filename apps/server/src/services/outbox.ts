import type { AgentPush, ConfigChanged, CustomerPush } from '@sangdam/contracts';

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
