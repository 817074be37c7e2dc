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
  appendEvents,
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
  type NewEventOf,
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

/** How many batches may be in flight at once (see ChatMessageBatches). */
const maxInFlight = 2;

interface QueuedMessage {
  actor: Actor;
  input: { interactionId: string; clientMessageId: string };
  text: string;
  resolve: (event: InteractionEvent) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; event: InteractionEvent } | { ok: false; error: unknown };

/** What one transaction of a batch came to: each message's outcome, in batch order. */
interface Attempt {
  outcomes: Outcome[];
  /** A chat went from the assistant to its queue: the router is asked after commit. */
  handedOver: boolean;
}

/** The batch must be written again one message at a time (its transaction was rolled back). */
class OneByOne extends Error {
  constructor(cause: unknown) {
    super('The batch is written again one message at a time', { cause });
  }
}

/**
 * Group commit of chat messages (issue 14): the messages that arrive while a transaction is in
 * flight go together into the next one. A batch never waits for more work: an idle node starts
 * a lone message's transaction in the same event-loop turn (after the other messages read in it).
 * A batch is made when its transaction holds its connection, of the messages waiting then: on a
 * pool that is when it starts; on PGlite (one connection, `deps.oneConnection`) every message that
 * came while the previous transaction ran joins the next one, which starts the moment the previous
 * one commits. A second transaction may start
 * while the first one runs (at most `maxInFlight`, one of them waiting for its messages at a
 * time); a batch takes only messages whose chats have none in a batch in flight: a chat's
 * messages are in one batch in flight at a time, so its batches take turns on its row lock and
 * its seq follows arrival order.
 *
 * One statement locks and reads every interaction of the batch; every message passes its checks
 * in arrival order, then one statement stores them all, each chat's numbered in arrival order
 * (`appendEvents`). A message that fails a check (a closed chat, card data under the drop policy)
 * fails alone and writes nothing. When the batch's statement fails (a constraint, a text the
 * database refuses), the transaction is rolled back and the batch written again one message at a
 * time, each under a savepoint, so that the poisoned message fails alone. The batch's pushes go to
 * the other nodes with its commit (Publisher.publishWith); acks (the promises) settle after
 * commit, once this node has pushed.
 */
class ChatMessageBatches {
  private waiting: QueuedMessage[] = [];
  private scheduled = false;
  private inFlight = 0;
  /** A transaction started and has not taken its batch yet: no other starts meanwhile. */
  private forming = false;
  /** Interactions with messages in a batch in flight: their waiting messages wait for it. */
  private readonly busy = new Set<string>();

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
    if (this.scheduled || this.forming || this.inFlight >= maxInFlight) return;
    if (this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  /**
   * Starts a transaction when a slot is free and a waiting message's chat has none in flight.
   * On a pool, or on an idle node, the transaction takes the waiting messages at once: it gets
   * its own connection. On one connection (PGlite) one that starts while another is in flight
   * waits for that one to commit: it takes its batch once it holds the connection, so every
   * message that came meanwhile joins it.
   */
  private start(): void {
    if (this.forming || this.inFlight >= maxInFlight) return;
    if (!this.waiting.some((message) => !this.busy.has(message.input.interactionId))) return;
    this.inFlight++;
    let batch = this.inFlight === 1 || !this.deps.oneConnection ? this.take() : null;
    this.forming = batch === null;
    const take = async () => {
      // A batch that just committed settles its chats' messages within this turn: let it.
      if (!batch && this.waiting.some((message) => this.busy.has(message.input.interactionId))) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      batch ??= this.take();
      return batch;
    };
    void this.commit(take).finally(() => {
      for (const message of batch ?? []) this.busy.delete(message.input.interactionId);
      this.inFlight--;
      this.schedule();
    });
  }

  /**
   * The batch of a transaction that holds its connection: up to `maxBatch` waiting messages in
   * arrival order, of chats with none in flight. A chat's messages left waiting stay in their
   * order, before any that come later. Another transaction may start for those left.
   */
  private take(): QueuedMessage[] {
    const batch: QueuedMessage[] = [];
    const left: QueuedMessage[] = [];
    for (const message of this.waiting) {
      if (batch.length < maxBatch && !this.busy.has(message.input.interactionId)) {
        batch.push(message);
      } else {
        left.push(message);
      }
    }
    this.waiting = left;
    for (const message of batch) this.busy.add(message.input.interactionId);
    this.forming = false;
    this.schedule();
    return batch;
  }

  /** Writes the batch `take` gives once the transaction holds its connection; settles each. */
  private async commit(take: () => Promise<QueuedMessage[]>): Promise<void> {
    let attempt: Attempt;
    try {
      attempt = await this.attempt(take, true).catch((error: unknown) => {
        if (error instanceof OneByOne) return this.attempt(take, false);
        throw error;
      });
    } catch (error) {
      // The transaction itself failed (the connection, the commit): nothing of it is stored.
      for (const message of await take()) message.reject(error);
      return;
    }
    if (attempt.handedOver) this.deps.requestRouting();
    (await take()).forEach((message, index) => {
      const outcome = attempt.outcomes[index]!;
      if (outcome.ok) message.resolve(outcome.event);
      else message.reject(outcome.error);
    });
  }

  /**
   * One transaction for the batch: `together`, the messages that pass their checks are stored
   * by one statement (throws OneByOne when it fails); otherwise each message is written on its
   * own under a savepoint. Messages to a chat still with the assistant are always written on
   * their own (the assistant answers each in turn).
   */
  private async attempt(take: () => Promise<QueuedMessage[]>, together: boolean): Promise<Attempt> {
    const { deps } = this;
    const outbox = new Outbox();
    const outcomes: Outcome[] = [];
    let handedOver = false;
    const deliver = await deps.db.transaction().execute(async (tx) => {
      const batch = await take();
      const loaded = await lockInteractionsForMessages(
        tx,
        batch.map((message) => message.input),
      );
      // The first message of the batch under each `interactionId clientMessageId` that was
      // stored or is to be: a retry inside the batch gets its outcome.
      const firstOf = new Map<string, number>();
      const repeats = new Map<number, number>();
      const deferred: (NewEventOf & { index: number; participants: ParticipantRow[] })[] = [];
      for (const [index, message] of batch.entries()) {
        const key = `${message.input.interactionId} ${message.input.clientMessageId}`;
        const first = firstOf.get(key);
        if (first !== undefined) {
          repeats.set(index, first);
          continue;
        }
        const mark = outbox.pushes.length;
        try {
          const entry = checkedEntry(loaded, message);
          if (together && !withAssistant(entry, message)) {
            const written = await storedOrChecked(deps, tx, outbox, entry, message).catch(
              (error: unknown) => {
                // A check refused it without writing; anything else may have broken the
                // transaction, which is then rolled back and the batch written one by one.
                if (error instanceof AppError) throw error;
                throw new OneByOne(error);
              },
            );
            if ('event' in written) outcomes[index] = { ok: true, event: written.event };
            else deferred.push({ ...written.pending, index, participants: entry.participants });
          } else {
            const written = await underSavepoint(tx, () =>
              writeMessage(deps, tx, outbox, entry, message),
            );
            handedOver ||= written.handedOver;
            outcomes[index] = { ok: true, event: written.event };
          }
          firstOf.set(key, index);
        } catch (error) {
          if (error instanceof OneByOne) throw error;
          outbox.discardSince(mark);
          outcomes[index] = { ok: false, error };
          // The drop policy's audit record stays, in this transaction (R-PCI-4).
          if (error instanceof SensitiveTextBlocked) await recordAudit(tx, error.audit);
        }
      }
      if (deferred.length > 0) {
        const stored = await appendEvents(tx, deferred).catch((error: unknown) => {
          throw new OneByOne(error);
        });
        for (const [i, event] of stored.entries()) {
          const { index, participants } = deferred[i]!;
          outcomes[index] = { ok: true, event: await fanOut(tx, outbox, event, participants) };
        }
      }
      for (const [index, first] of repeats) outcomes[index] = outcomes[first]!;
      // The other nodes hear of the batch with its commit; this node's clients right after it.
      return deps.publisher.publishWith(tx, outbox.pushes);
    });
    if (deliver) await deliver();
    else await deps.publisher.publish(outbox.pushes);
    return { outcomes, handedOver };
  }
}

/** The message's interaction as the batch read it, when the actor may write in it. */
function checkedEntry(
  loaded: Map<string, InteractionForMessages>,
  { actor, input }: QueuedMessage,
): InteractionForMessages {
  const entry = loaded.get(input.interactionId);
  if (!entry) throw new AppError('NOT_FOUND', 'No such conversation');
  assertParticipant(actor, entry.participants);
  return entry;
}

/** A customer's message to a chat still with the assistant, which answers it. */
function withAssistant(entry: InteractionForMessages, message: QueuedMessage): boolean {
  return message.actor.kind === 'customer' && entry.interaction.status === 'assistant';
}

/**
 * The event already stored under the message's clientMessageId (pushed again), or the message
 * checked and guarded, ready to be appended. Writes nothing but a PCI audit record.
 */
async function storedOrChecked(
  deps: Deps,
  tx: Tx,
  outbox: Outbox,
  entry: InteractionForMessages,
  message: QueuedMessage,
): Promise<{ event: InteractionEvent } | { pending: NewEventOf; text: string }> {
  const { actor, input } = message;
  const { interaction, participants } = entry;
  if (entry.existing.has(input.clientMessageId)) {
    const existing = await findEventByClientMessageId(
      tx,
      input.interactionId,
      input.clientMessageId,
    );
    // The sender retries because no ack came: the node that stored it may have died before
    // pushing it, so push it again (clients keep one copy per seq).
    return { event: await fanOut(tx, outbox, existing!, participants) };
  }
  if (actor.kind === 'agent') {
    assertAgentCanWrite(
      interaction,
      participants.find((p) => p.userId === actor.userId && !p.leftAt),
    );
  } else {
    assertOpen(interaction);
  }
  const guarded = await guardText(deps, tx, message.text, {
    channel: interaction.channel,
    field: 'chat.message',
    actor:
      actor.kind === 'agent' ? { kind: 'agent', id: actor.userId } : { kind: 'customer', id: null },
    interactionId: interaction.id,
  });
  const event = {
    type: 'message',
    author: authorOf(actor, interaction),
    text: guarded.text,
    ...(guarded.redactedTypes.length > 0 && { redactedTypes: guarded.redactedTypes }),
    clientMessageId: input.clientMessageId,
  } as const;
  return {
    pending: { interactionId: interaction.id, event, at: deps.clock() },
    text: guarded.text,
  };
}

/**
 * One message written on its own, in its batch's transaction (under the caller's savepoint).
 * A customer's message to a chat with the assistant gets the assistant's answer after it.
 */
async function writeMessage(
  deps: Deps,
  tx: Tx,
  outbox: Outbox,
  entry: InteractionForMessages,
  message: QueuedMessage,
): Promise<{ event: InteractionEvent; handedOver: boolean }> {
  const written = await storedOrChecked(deps, tx, outbox, entry, message);
  if ('event' in written) return { event: written.event, handedOver: false };
  const { interactionId, event, at } = written.pending;
  const stored = await appendAndFanOut(tx, outbox, interactionId, event, at, entry.participants);
  if (!withAssistant(entry, message)) return { event: stored, handedOver: false };
  // R-CH-2: before any agent, the assistant answers what the customer wrote (as stored).
  const handedOver = await assistantAnswers(tx, outbox, entry.interaction, written.text, at);
  // The next message of this chat in the batch sees the assistant's changes.
  entry.interaction = (await findInteraction(tx, interactionId))!;
  return { event: stored, handedOver };
}

/** Runs `work` under a savepoint: when it fails, what it wrote is taken back, and only that. */
async function underSavepoint<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  await sql`savepoint chat_message`.execute(tx);
  try {
    const result = await work();
    await sql`release savepoint chat_message`.execute(tx);
    return result;
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
