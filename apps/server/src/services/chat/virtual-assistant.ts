import type { NewInteractionEvent } from '@sangdam/contracts';
import { AppError, assistantStep, type AssistantConfig } from '@sangdam/core';
import {
  findEntryPoint,
  findInteraction,
  handOverToQueue,
  setAssistantMisses,
  type EntryPoint,
  type InteractionRow,
  type Tx,
} from '@sangdam/store';
import { inTransaction, type Deps } from '../deps.ts';
import { appendAndFanOut } from '../fan-out.ts';
import type { Outbox } from '../outbox.ts';
import { queueRefOf } from '../interactions/presenters.ts';

/**
 * The virtual assistant (R-CH-2): a chat whose entry point has answers starts with it, in status
 * `assistant`, which the router never offers. Each customer message gets a preset answer or a
 * "no answer matched"; the chat is queued only at hand-over (the customer asked for an agent, or
 * enough messages in a row matched nothing). Its turns are typed events of the transcript, so the
 * agent who accepts reads the whole conversation (R-CH-1).
 */

/** The assistant's turn: the greeting, an answer or a miss, with the buttons to show next. */
function reply(
  config: AssistantConfig,
  kind: 'greeting' | 'answer' | 'no-match',
  text: string,
  answer: string | null,
): NewInteractionEvent {
  return {
    type: 'assistant.replied',
    kind,
    text,
    answer,
    choices: config.answers.map((a) => a.label),
    offerAgent: config.handOver.offerAgent,
  };
}

/** The assistant greets a chat that has just started with it. */
export async function assistantGreets(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  entryPoint: EntryPoint,
  now: Date,
): Promise<void> {
  const event = reply(entryPoint, 'greeting', entryPoint.greeting, null);
  await appendAndFanOut(tx, outbox, interactionId, event, now, []);
}

/**
 * The assistant answers the customer's message (already stored; the caller holds the
 * interaction's lock). Returns whether the chat was handed over to its queue.
 */
export async function assistantAnswers(
  tx: Tx,
  outbox: Outbox,
  interaction: InteractionRow,
  text: string,
  now: Date,
): Promise<boolean> {
  const config = await configOf(tx, interaction);
  const step = assistantStep(config, interaction.assistantMisses, { kind: 'text', text });
  if (step.kind === 'hand-over') return handOver(tx, outbox, interaction, step.reason, now);
  await setAssistantMisses(tx, interaction.id, step.misses);
  const event =
    step.kind === 'answer'
      ? reply(config, 'answer', step.answer.text, step.answer.label)
      : reply(config, 'no-match', '', null);
  await appendAndFanOut(tx, outbox, interaction.id, event, now, []);
  return false;
}

/**
 * The customer picks "Talk to an agent". Refused when the assistant does not offer it; a chat
 * already queued (a second click, another tab) is left as it is.
 */
export async function askForAgent(deps: Deps, interactionId: string): Promise<void> {
  const handedOver = await inTransaction(deps, async (tx, outbox) => {
    const interaction = await findInteraction(tx, interactionId, { lock: true });
    if (!interaction) throw new AppError('NOT_FOUND', 'No such conversation');
    if (interaction.status === 'ended') {
      throw new AppError('INTERACTION_ENDED', 'This conversation has ended');
    }
    if (interaction.status !== 'assistant') return false;
    const step = assistantStep(await configOf(tx, interaction), interaction.assistantMisses, {
      kind: 'ask-agent',
    });
    if (step.kind !== 'hand-over') return false;
    return handOver(tx, outbox, interaction, step.reason, deps.clock());
  });
  if (handedOver) deps.requestRouting();
}

async function configOf(tx: Tx, interaction: InteractionRow): Promise<AssistantConfig> {
  const entryPoint =
    interaction.entryPointId === null
      ? undefined
      : await findEntryPoint(tx, interaction.entryPointId);
  // An entry point that no longer exists has no answers: the customer goes to the queue.
  return entryPoint ?? { answers: [], handOver: { offerAgent: true, afterMisses: null } };
}

async function handOver(
  tx: Tx,
  outbox: Outbox,
  interaction: InteractionRow,
  reason: 'asked' | 'no-match' | 'no-answers',
  now: Date,
): Promise<boolean> {
  if (!(await handOverToQueue(tx, interaction.id, now))) return false;
  await appendAndFanOut(
    tx,
    outbox,
    interaction.id,
    { type: 'assistant.handed-over', reason },
    now,
    [],
  );
  const queued = { type: 'queued', queue: queueRefOf(interaction) } as const;
  await appendAndFanOut(tx, outbox, interaction.id, queued, now, []);
  return true;
}
