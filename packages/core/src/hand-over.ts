import type { Channel, InteractionStatus, OfferKind, ParticipationRole } from '@sangdam/contracts';
import { AppError } from './app-error.ts';

/** One agent's time in an interaction: the same agent may have several (transferred back). */
export interface ParticipationFacts {
  role: ParticipationRole;
  leftAt: Date | null;
  releasedAt: Date | null;
}

/**
 * R-WU-1, R-CH-11: a wrap-up is owed per participation — by the primary agent once they left it
 * (ended, transferred away) or it ended, until they submit it. An agent invited into a
 * conference never owes one: leaving releases them at once.
 */
export function owesWrapUp(
  participation: ParticipationFacts,
  interaction: { status: InteractionStatus },
): boolean {
  return (
    participation.role === 'primary' &&
    participation.releasedAt === null &&
    (interaction.status === 'ended' || participation.leftAt !== null)
  );
}

/** Whether leaving also frees the agent's capacity (no wrap-up follows). */
export function releasedOnLeaving(role: ParticipationRole): boolean {
  return role === 'conference';
}

/**
 * What an offer nobody answered in time does, per kind (R-AV-4, R-CH-9, R-CH-10):
 * - `contact`: `requeue` puts it back at the head of its queue; `drop` ends it (the customer is
 *   told); `continue` leaves it as it was (a conference invitation is simply cancelled).
 * - `agent`: `rona` moves an Available agent to RONA, so nothing more is offered to someone who
 *   is not there, whichever kind of offer they missed.
 */
export const offerExpiry: Record<
  OfferKind,
  { contact: 'requeue' | 'drop' | 'continue'; agent: 'rona' }
> = {
  route: { contact: 'requeue', agent: 'rona' },
  transfer: { contact: 'drop', agent: 'rona' },
  conference: { contact: 'continue', agent: 'rona' },
};

/** R-EM-9: an email goes to a queue only, never to a given agent; a chat to either. */
export function assertTransferTarget(channel: Channel, target: 'queue' | 'agent'): void {
  if (channel === 'email' && target === 'agent') {
    throw new AppError('TRANSFER_EMAIL_TO_AGENT', 'An email can be transferred to a queue only');
  }
}

/** R-CH-10: conferences are for chats, started by the agent serving it. */
export function assertCanInvite(channel: Channel, role: ParticipationRole | null): void {
  if (channel !== 'chat') {
    throw new AppError('CONFERENCE_NOT_ALLOWED', 'Only a chat can have a conference');
  }
  if (role !== 'primary') {
    throw new AppError('NOT_PRIMARY', 'Only the agent serving this contact can do that');
  }
}
