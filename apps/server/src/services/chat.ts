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
  findInteractionForMessage,
  insertCustomer,
  insertInteraction,
  listEventsAfter,
  listParticipants,
  type EntryPoint,
  type InteractionRow,
  type ParticipantRow,
  type Tx,
} from '@sangdam/store';
import { randomUUID } from 'node:crypto';
import { hashToken, newToken, openSealedToken, sealToken } from '../auth/tokens.ts';
import { inTransaction, type Deps } from './deps.ts';
import { appendAndFanOut, fanOut } from './fan-out.ts';
import { auditingBlockedText, guardText } from './pci-guard.ts';
import { presentEvent, queueRefOf } from './presenters.ts';
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
 * acknowledged only after commit, then pushed to the other side.
 */
export async function sendMessage(
  deps: Deps,
  actor: Actor,
  input: { interactionId: string; clientMessageId: string; text: string },
): Promise<InteractionEvent> {
  const text = validateChatText(input.text);
  let handedOver = false;
  const stored = await auditingBlockedText(deps, () =>
    inTransaction(deps, async (tx, outbox) => {
      // One statement: lock and read, participants (the right to write and the fan-out) and a
      // possible earlier copy of this message.
      assertOwnChat(actor, input.interactionId);
      const loaded = await findInteractionForMessage(
        tx,
        input.interactionId,
        input.clientMessageId,
      );
      if (!loaded) throw new AppError('NOT_FOUND', 'No such conversation');
      const { interaction, participants } = loaded;
      assertParticipant(actor, participants);
      if (loaded.existingSeq !== null) {
        const existing = await findEventByClientMessageId(
          tx,
          interaction.id,
          input.clientMessageId,
        );
        // The sender retries because no ack came: the node that stored it may have died before
        // pushing it, so push it again (clients keep one copy per seq).
        return fanOut(tx, outbox, existing!, participants);
      }
      if (actor.kind === 'agent') {
        assertAgentCanWrite(
          interaction,
          participants.find((p) => p.userId === actor.userId && !p.leftAt),
        );
      } else {
        assertOpen(interaction);
      }
      const guarded = await guardText(deps, tx, text, {
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
      // R-CH-2: before any agent, the assistant answers what the customer wrote (as stored).
      if (actor.kind === 'customer' && interaction.status === 'assistant') {
        handedOver = await assistantAnswers(tx, outbox, interaction, guarded.text, now);
      }
      return event;
    }),
  );
  if (handedOver) deps.requestRouting();
  return stored;
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
