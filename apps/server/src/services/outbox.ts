import type {
  AgentSnapshot,
  InteractionEvent,
  Interaction,
  Offer,
  ConfigChanged,
  Presence,
  QueuePosition,
  SupervisorSnapshot,
} from '@sangdam/contracts';

/** A push to send once the transaction that caused it has committed. */
export type Push =
  | { to: 'agent'; userId: string; event: 'agent:snapshot'; payload: AgentSnapshot }
  | { to: 'agent'; userId: string; event: 'presence:changed'; payload: Presence }
  | { to: 'agent'; userId: string; event: 'offer:new'; payload: Offer }
  | {
      to: 'agent';
      userId: string;
      event: 'offer:gone';
      payload: { offerId: string; reason: 'accepted' | 'expired' | 'withdrawn' };
    }
  | { to: 'agent'; userId: string; event: 'interaction:updated'; payload: Interaction }
  | { to: 'agent'; userId: string; event: 'interaction:event'; payload: InteractionEvent }
  /** The customer's widget count went from 0 to more, or back to 0, on all nodes together. */
  | {
      to: 'agent';
      userId: string;
      event: 'customer:presence';
      payload: { interactionId: string; connected: boolean };
    }
  /** An admin changed reference data: every desktop refetches what it caches. */
  | { to: 'agents'; event: 'config:changed'; payload: ConfigChanged }
  | {
      to: 'customer';
      interactionId: string;
      event: 'interaction:event';
      payload: InteractionEvent;
    }
  | { to: 'customer'; interactionId: string; event: 'queue:position'; payload: QueuePosition }
  | { to: 'supervisors'; event: 'supervisor:snapshot'; payload: SupervisorSnapshot }
  /** Signing out closes that session's sockets on every node. */
  | { to: 'session'; tokenHash: string; event: 'session:ended'; payload: Record<string, never> };

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
}

/** Tells every signed-in desktop, after commit, that reference data of this kind changed. */
export function configChanged(what: ConfigChanged['what']): Push {
  return { to: 'agents', event: 'config:changed', payload: { what } };
}
