import type { InteractionEvent, StartChatBody, StartChatResponse } from '@sangdam/contracts';
import { customerVisibleEventTypes, limits } from '@sangdam/contracts';
import {
  AppError,
  assertAgentCanWrite,
  assertOpen,
  startsWithAssistant,
  validateChatText,
} from '@sangdam/core';
import {
  canOverseeInteraction,
  claimChatStart,
  findChatStart,
  findEntryPoint,
  findEventByClientMessageId,
  findInteraction,
  insertCustomer,
  insertInteraction,
  listEventsAfter,
  listParticipants,
  lockInteractionsForMessages,
  recordAudit,
  type InteractionForMessages,
  type EntryPoint,
  type InteractionRow,
  type ParticipantRow,
  type Tx,
} from '@sangdam/store';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { hashToken, newToken, openSealedToken, sealToken } from '../../auth/tokens.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { appendAndFanOut, fanOut } from '../fan-out.ts';
import { Outbox } from '../outbox.ts';
import { auditingBlockedText, guardText, SensitiveTextBlocked } from '../pci-guard.ts';
import { presentEvent, queueRefOf } from '../interactions/presenters.ts';
import { assistantAnswers, assistantGreets } from './virtual-assistant.ts';

/** Who acts on a chat: the customer holding its token, or a signed-in agent. */
export type Actor =
  | { kind: 'customer'; interactionId: string }
  | { kind: 'agent'; userId: string; displayName: string };

export const virtualAssistantName = 'Customer Virtual Assistant';

/**
 * The widget's pre-chat form: creates the customer and the chat, greets, and queues it — or,
 * when the entry point has an assistant with answers, leaves it with the assistant (R-CH-2). With an
 * idempotency key (random, 128 bits or more, kept by the widget until the start succeeds), a
 * repeated start — a retry after a lost answer, a second click, another node — answers the
 * first chat with the same customer token and creates nothing.
 */
export async function startChat(
  deps: Deps,
  input: StartChatBody,
  idempotencyKey?: string,
): Promise<StartChatResponse> {
  const customerToken = newToken();
  const interactionId = randomUUID();
  let routable = false;
  const result = await auditingBlockedText(deps, () =>
    inTransaction(deps, async (tx, outbox): Promise<StartChatResponse> => {
      if (idempotencyKey !== undefined) {
        const keyHash = hashToken(idempotencyKey);
        const sealedToken = sealToken(idempotencyKey, customerToken);
        if (!(await claimChatStart(tx, { keyHash, interactionId, sealedToken }))) {
          return firstChatOf(tx, idempotencyKey, keyHash);
        }
      }
      const entryPoint = await findEntryPoint(tx, input.entryPointId);
      if (!entryPoint) {
        throw new AppError('ENTRY_POINT_NOT_FOUND', 'This chat is not available any more');
      }
      assertPrechatFields(entryPoint, input);
      const now = deps.clock();
      const name = await guardText(deps, tx, input.name ?? input.email ?? guestName, {
        channel: 'chat',
        field: 'chat.customerName',
        actor: { kind: 'customer', id: null },
        interactionId: null,
      });
      const customer = await insertCustomer(tx, {
        name: name.text,
        email: input.email ?? null,
      });
      const withAssistant = startsWithAssistant(entryPoint);
      const { id } = await insertInteraction(tx, {
        id: interactionId,
        channel: 'chat',
        customerId: customer.id,
        queueId: entryPoint.queueId,
        entryPointId: entryPoint.id,
        customerTokenHash: hashToken(customerToken),
        enqueuedAt: now,
        status: withAssistant ? 'assistant' : 'queued',
      });
      const interaction = (await findInteraction(tx, id))!;
      await appendAndFanOut(tx, outbox, id, { type: 'chat.started', customer }, now);
      if (withAssistant) {
        await assistantGreets(tx, outbox, id, entryPoint, now);
        return { interactionId: id, customerToken, customer };
      }
      if (entryPoint.greeting) {
        const greeting = {
          type: 'message',
          author: { kind: 'bot', id: null, name: virtualAssistantName },
          text: entryPoint.greeting,
          clientMessageId: `greeting-${id}`,
        } as const;
        await appendAndFanOut(tx, outbox, id, greeting, now);
      }
      await appendAndFanOut(
        tx,
        outbox,
        id,
        { type: 'queued', queue: queueRefOf(interaction) },
        now,
      );
      routable = true;
      return { interactionId: id, customerToken, customer };
    }),
  );
  if (routable) deps.requestRouting();
  return result;
}

/** The name a customer who left it out goes by (the email address stands in when given). */
const guestName = 'Guest';

/** The pre-chat fields this entry point requires (R-CH-1, §7). */
function assertPrechatFields(entryPoint: EntryPoint, input: StartChatBody): void {
  if (entryPoint.nameField === 'required' && input.name === undefined) {
    throw new AppError('PRECHAT_FIELD_REQUIRED', 'Please enter your name');
  }
  if (entryPoint.emailField === 'required' && input.email === undefined) {
    throw new AppError('PRECHAT_FIELD_REQUIRED', 'Please enter your email address');
  }
}

/** What the first start under this idempotency key answered. */
async function firstChatOf(
  tx: Tx,
  idempotencyKey: string,
  keyHash: string,
): Promise<StartChatResponse> {
  const start = (await findChatStart(tx, keyHash))!;
  const interaction = (await findInteraction(tx, start.interactionId))!;
  return {
    interactionId: interaction.id,
    customerToken: openSealedToken(idempotencyKey, start.sealedToken),
    customer: {
      id: interaction.customerId,
      name: interaction.customerName,
      email: interaction.customerEmail,
    },
  };
}

/**
 * R-CH-3: one chat message, stored once per clientMessageId (a retry returns the stored one),
 * acknowledged only after commit, then pushed to the other side. Messages are group-committed
 * (see ChatMessageBatches): the promise settles once the batch it joined has committed.
 */
export function sendMessage(
  deps: Deps,
  actor: Actor,
  input: { interactionId: string; clientMessageId: string; text: string },
): Promise<InteractionEvent> {
  let batches = batchesOf.get(deps);
  if (!batches) {
    batches = new ChatMessageBatches(deps);
    batchesOf.set(deps, batches);
  }
  return batches.send(actor, input);
}

/** One group commit per set of use-case dependencies (one per node in production). */
const batchesOf = new WeakMap<Deps, ChatMessageBatches>();

/** The most messages one transaction takes; more wait for the next. */
const maxBatch = 256;

interface QueuedMessage {
  actor: Actor;
  input: { interactionId: string; clientMessageId: string };
  text: string;
  resolve: (event: InteractionEvent) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; event: InteractionEvent } | { ok: false; error: unknown };

/**
 * Group commit of chat messages (issue 14): the messages that arrive while a transaction is in
 * flight go together into the next one. A batch never waits for more work: an idle node starts
 * a lone message's transaction in the same event-loop turn (after the other messages read in it).
 * One statement locks and reads every interaction of the batch; messages are written in arrival
 * order, so a chat's seq follows the order its messages arrived in. One bad message (a closed
 * chat, card data under the drop policy, a failed insert) fails alone: its writes are rolled back
 * to a savepoint, its pushes dropped. The batch's pushes go to the other nodes with its commit
 * (Publisher.publishWith); acks (the promises) settle after commit, once this node has pushed.
 */
class ChatMessageBatches {
  private waiting: QueuedMessage[] = [];
  private scheduled = false;
  private running = false;

  constructor(private readonly deps: Deps) {}

  send(
    actor: Actor,
    input: { interactionId: string; clientMessageId: string; text: string },
  ): Promise<InteractionEvent> {
    return new Promise((resolve, reject) => {
      const text = validateChatText(input.text);
      assertOwnChat(actor, input.interactionId);
      const { interactionId, clientMessageId } = input;
      this.waiting.push({
        actor,
        input: { interactionId, clientMessageId },
        text,
        resolve,
        reject,
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.commit(this.waiting.splice(0, maxBatch));
    } finally {
      this.running = false;
    }
  }

  private async commit(batch: QueuedMessage[]): Promise<void> {
    const { deps } = this;
    const outbox = new Outbox();
    const outcomes: Outcome[] = [];
    let handedOver = false;
    try {
      const deliver = await deps.db.transaction().execute(async (tx) => {
        const loaded = await lockInteractionsForMessages(
          tx,
          batch.map((message) => message.input),
        );
        // What this batch stored, by `interactionId clientMessageId`: a retry inside the batch.
        const stored = new Map<string, InteractionEvent>();
        for (const message of batch) {
          const mark = outbox.pushes.length;
          try {
            const written = await writeMessage(deps, tx, outbox, loaded, stored, message);
            handedOver ||= written.handedOver;
            outcomes.push({ ok: true, event: written.event });
          } catch (error) {
            outbox.discardSince(mark);
            outcomes.push({ ok: false, error });
            // The drop policy's audit record stays, in this transaction (R-PCI-4).
            if (error instanceof SensitiveTextBlocked) await recordAudit(tx, error.audit);
          }
        }
        // The other nodes hear of the batch with its commit; this node's clients right after it.
        return deps.publisher.publishWith(tx, outbox.pushes);
      });
      if (deliver) await deliver();
      else await deps.publisher.publish(outbox.pushes);
    } catch (error) {
      // The transaction itself failed (the connection, the commit): nothing of it is stored.
      for (const message of batch) message.reject(error);
      return;
    }
    if (handedOver) deps.requestRouting();
    batch.forEach((message, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) message.resolve(outcome.event);
      else message.reject(outcome.error);
    });
  }
}

/**
 * One message of a batch, in its transaction. Checks come first (they write nothing); the writes
 * run under a savepoint so that a failure among them takes back only this message's.
 */
async function writeMessage(
  deps: Deps,
  tx: Tx,
  outbox: Outbox,
  loaded: Map<string, InteractionForMessages>,
  stored: Map<string, InteractionEvent>,
  message: QueuedMessage,
): Promise<{ event: InteractionEvent; handedOver: boolean }> {
  const { actor, input } = message;
  const key = `${input.interactionId} ${input.clientMessageId}`;
  const entry = loaded.get(input.interactionId);
  if (!entry) throw new AppError('NOT_FOUND', 'No such conversation');
  const { participants } = entry;
  assertParticipant(actor, participants);
  const earlier = stored.get(key);
  if (earlier) return { event: earlier, handedOver: false };
  const existingSeq = entry.existing.get(input.clientMessageId);
  if (existingSeq !== undefined) {
    const existing = await findEventByClientMessageId(
      tx,
      input.interactionId,
      input.clientMessageId,
    );
    // The sender retries because no ack came: the node that stored it may have died before
    // pushing it, so push it again (clients keep one copy per seq).
    return { event: await fanOut(tx, outbox, existing!, participants), handedOver: false };
  }
  const { interaction } = entry;
  if (actor.kind === 'agent') {
    assertAgentCanWrite(
      interaction,
      participants.find((p) => p.userId === actor.userId && !p.leftAt),
    );
  } else {
    assertOpen(interaction);
  }
  await sql`savepoint chat_message`.execute(tx);
  try {
    const guarded = await guardText(deps, tx, message.text, {
      channel: interaction.channel,
      field: 'chat.message',
      actor:
        actor.kind === 'agent'
          ? { kind: 'agent', id: actor.userId }
          : { kind: 'customer', id: null },
      interactionId: interaction.id,
    });
    const now = deps.clock();
    const event = await appendAndFanOut(
      tx,
      outbox,
      interaction.id,
      {
        type: 'message',
        author: authorOf(actor, interaction),
        text: guarded.text,
        ...(guarded.redactedTypes.length > 0 && { redactedTypes: guarded.redactedTypes }),
        clientMessageId: input.clientMessageId,
      },
      now,
      participants,
    );
    let handedOver = false;
    // R-CH-2: before any agent, the assistant answers what the customer wrote (as stored).
    if (actor.kind === 'customer' && interaction.status === 'assistant') {
      handedOver = await assistantAnswers(tx, outbox, interaction, guarded.text, now);
      // The next message of this chat in the batch sees the assistant's changes.
      entry.interaction = (await findInteraction(tx, interaction.id))!;
    }
    await sql`release savepoint chat_message`.execute(tx);
    stored.set(key, event);
    return { event, handedOver };
  } catch (error) {
    await sql`rollback to savepoint chat_message`.execute(tx);
    throw error;
  }
}

/** Missed events after `afterSeq` (reconnect catch-up), filtered to what the actor may see. */
export async function syncEvents(
  deps: Deps,
  actor: Actor,
  input: { interactionId: string; afterSeq: number },
): Promise<{ events: InteractionEvent[]; more: boolean }> {
  const interaction = await loadForActor(deps.db, actor, input.interactionId, { oversee: true });
  const pageSize = limits.syncPageSize;
  // Customers page over the events they may see, so a page is never empty while more remain.
  const types = actor.kind === 'customer' ? [...customerVisibleEventTypes] : undefined;
  const rows = await listEventsAfter(deps.db, interaction.id, input.afterSeq, pageSize + 1, types);
  const events = rows.slice(0, pageSize).map(presentEvent);
  return { events, more: rows.length > pageSize };
}

/**
 * Reads an interaction the actor may see: a customer only their own chat; an agent one they
 * are or were a participant of. With `oversee` (reading, never writing), also a supervisor one
 * of their teams' and an admin any (the security model of ../shared/ARCHITECTURE.md).
 */
export async function loadForActor(
  tx: Tx | Deps['db'],
  actor: Actor,
  interactionId: string,
  options: { lock?: boolean; oversee?: boolean } = {},
): Promise<InteractionRow> {
  return (await loadChecked(tx, actor, interactionId, options)).interaction;
}

/** loadForActor, keeping the participants it read to check an agent (null for a customer). */
async function loadChecked(
  tx: Tx | Deps['db'],
  actor: Actor,
  interactionId: string,
  options: { lock?: boolean; oversee?: boolean },
): Promise<{ interaction: InteractionRow; participants: ParticipantRow[] | null }> {
  assertOwnChat(actor, interactionId);
  const interaction = await findInteraction(tx, interactionId, options);
  if (!interaction) throw new AppError('NOT_FOUND', 'No such conversation');
  if (actor.kind === 'customer') return { interaction, participants: null };
  const participants = await listParticipants(tx, interactionId);
  const oversees =
    options.oversee === true &&
    !participants.some((p) => p.userId === actor.userId) &&
    (await canOverseeInteraction(tx, actor.userId, interactionId));
  if (!oversees) assertParticipant(actor, participants);
  return { interaction, participants };
}

/** A customer's token opens only their own chat. */
export function assertOwnChat(actor: Actor, interactionId: string): void {
  if (actor.kind === 'customer' && actor.interactionId !== interactionId) {
    throw new AppError('FORBIDDEN', 'This is not your conversation');
  }
}

/** An agent reads only interactions they are or were a participant of. */
export function assertParticipant(actor: Actor, participants: readonly ParticipantRow[]): void {
  if (actor.kind === 'agent' && !participants.some((p) => p.userId === actor.userId)) {
    throw new AppError('NOT_A_PARTICIPANT', 'You are not in this conversation');
  }
}

export function authorOf(actor: Actor, interaction: InteractionRow) {
  return actor.kind === 'agent'
    ? { kind: 'agent' as const, id: actor.userId, name: actor.displayName }
    : { kind: 'customer' as const, id: null, name: interaction.customerName };
}
