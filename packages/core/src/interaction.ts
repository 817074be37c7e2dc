import type { InteractionStatus } from '@sangdam/contracts';
import { AppError } from './app-error.ts';

/** What an interaction row holds that the lifecycle rules need. */
export interface InteractionFacts {
  status: InteractionStatus;
}

/** Messages flow only while an interaction is open (waiting, offered or active). */
export function assertOpen(interaction: InteractionFacts): void {
  if (interaction.status === 'ended') {
    throw new AppError('INTERACTION_ENDED', 'This conversation has ended');
  }
}

/** An agent may write only while they are an active participant of an active interaction. */
export function assertAgentCanWrite(
  interaction: InteractionFacts,
  participant: { leftAt: Date | null } | undefined,
): void {
  assertOpen(interaction);
  if (!participant || participant.leftAt) {
    throw new AppError('NOT_A_PARTICIPANT', 'You are not in this conversation');
  }
}

/** R-WU-1: wrap-up needs at least one reason, each one the admin defined. */
export function validateWrapUpReasons(
  chosen: readonly string[],
  known: ReadonlySet<string>,
): string[] {
  const unique = [...new Set(chosen)];
  if (unique.length === 0) {
    throw new AppError('WRAP_UP_REASON_REQUIRED', 'Choose at least one wrap-up reason');
  }
  const unknown = unique.find((id) => !known.has(id));
  if (unknown) throw new AppError('UNKNOWN_WRAP_UP_REASON', 'That wrap-up reason no longer exists');
  return unique;
}
