import {
  confirmOutgoing,
  setOutgoingStatus,
  type AgentSnapshot,
  type Interaction,
  type InteractionEvent,
  type Offer,
  type Presence,
} from '@sangdam/contracts';
import { emptyLog, markSynced, mergeEvents, type InteractionLog } from './interaction-log.ts';
import type { PendingMessage } from './pending-messages.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** Everything the socket tells the desktop, kept immutable so React can compare by reference. */
export interface AgentState {
  readonly connection: ConnectionStatus;
  readonly presence: Presence | null;
  readonly offers: readonly Offer[];
  readonly interactions: readonly Interaction[];
  readonly logs: Readonly<Record<string, InteractionLog>>;
  /** Per interaction, the seq up to which the agent has seen the conversation. */
  readonly readSeq: Readonly<Record<string, number>>;
  readonly pending: readonly PendingMessage[];
}

export type AgentAction =
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'snapshot'; snapshot: AgentSnapshot }
  | { type: 'presence'; presence: Presence }
  | { type: 'offer-new'; offer: Offer }
  | { type: 'offer-gone'; offerId: string }
  | { type: 'interaction'; interaction: Interaction }
  | { type: 'customer-presence'; interactionId: string; connected: boolean }
  | { type: 'events'; interactionId: string; events: readonly InteractionEvent[] }
  | { type: 'synced'; interactionId: string; throughSeq: number }
  | { type: 'message-queued'; message: PendingMessage }
  | { type: 'message-sending'; clientMessageId: string }
  | { type: 'message-failed'; clientMessageId: string; error: string }
  | { type: 'mark-read'; interactionId: string };

export function initialAgentState(presence: Presence | null): AgentState {
  return {
    connection: 'connecting',
    presence,
    offers: [],
    interactions: [],
    logs: {},
    readSeq: {},
    pending: [],
  };
}

/**
 * An interaction stays on the desktop while this agent is in it and until their wrap-up is done
 * (a transferred chat stays for its wrap-up; a conference guest's goes when they leave).
 */
export function isOpen(interaction: Interaction): boolean {
  return (interaction.status !== 'ended' && interaction.role !== null) || interaction.wrapUpPending;
}

function byCreatedAt(a: Interaction, b: Interaction): number {
  return a.createdAt.localeCompare(b.createdAt);
}

function keepKeys<T>(record: Readonly<Record<string, T>>, ids: ReadonlySet<string>) {
  return Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)));
}

function withInteractions(state: AgentState, interactions: readonly Interaction[]): AgentState {
  const open = interactions.filter(isOpen).sort(byCreatedAt);
  const ids = new Set(open.map((interaction) => interaction.id));
  const readSeq: Record<string, number> = keepKeys(state.readSeq, ids);
  for (const interaction of open) readSeq[interaction.id] ??= interaction.lastSeq;
  return {
    ...state,
    interactions: open,
    logs: keepKeys(state.logs, ids),
    readSeq,
    pending: state.pending.filter((message) => ids.has(message.interactionId)),
  };
}

function upsertInteraction(state: AgentState, interaction: Interaction): AgentState {
  const others = state.interactions.filter((existing) => existing.id !== interaction.id);
  return withInteractions(state, [...others, interaction]);
}

function addEvents(
  state: AgentState,
  interactionId: string,
  events: readonly InteractionEvent[],
): AgentState {
  if (!state.interactions.some((interaction) => interaction.id === interactionId)) return state;
  const log = state.logs[interactionId] ?? emptyLog;
  const merged = mergeEvents(log, events);
  const pending = confirmOutgoing(state.pending, events);
  if (merged === log && pending === state.pending) return state;
  return { ...state, logs: { ...state.logs, [interactionId]: merged }, pending };
}

function markRead(state: AgentState, interactionId: string): AgentState {
  const lastSeq = state.logs[interactionId]?.lastSeq ?? 0;
  if ((state.readSeq[interactionId] ?? 0) >= lastSeq) return state;
  return { ...state, readSeq: { ...state.readSeq, [interactionId]: lastSeq } };
}

function withPending(state: AgentState, pending: readonly PendingMessage[]): AgentState {
  return pending === state.pending ? state : { ...state, pending };
}

export function agentReducer(state: AgentState, action: AgentAction): AgentState {
  switch (action.type) {
    case 'connection':
      return state.connection === action.status ? state : { ...state, connection: action.status };
    case 'snapshot':
      return withInteractions(
        { ...state, presence: action.snapshot.presence, offers: action.snapshot.offers },
        action.snapshot.interactions,
      );
    case 'presence':
      if (state.presence && state.presence.version > action.presence.version) return state;
      return { ...state, presence: action.presence };
    case 'offer-new':
      return {
        ...state,
        offers: [...state.offers.filter((offer) => offer.id !== action.offer.id), action.offer],
      };
    case 'offer-gone':
      return { ...state, offers: state.offers.filter((offer) => offer.id !== action.offerId) };
    case 'interaction':
      return upsertInteraction(state, action.interaction);
    case 'customer-presence': {
      const interaction = state.interactions.find((i) => i.id === action.interactionId);
      if (!interaction || interaction.customerConnected === action.connected) return state;
      return upsertInteraction(state, { ...interaction, customerConnected: action.connected });
    }
    case 'events':
      return addEvents(state, action.interactionId, action.events);
    case 'synced': {
      const log = state.logs[action.interactionId] ?? emptyLog;
      const synced = markSynced(log, action.throughSeq);
      return synced === log
        ? state
        : { ...state, logs: { ...state.logs, [action.interactionId]: synced } };
    }
    case 'message-queued':
      return { ...state, pending: [...state.pending, action.message] };
    case 'message-sending':
      return withPending(
        state,
        setOutgoingStatus(state.pending, action.clientMessageId, { status: 'sending' }),
      );
    case 'message-failed':
      return withPending(
        state,
        setOutgoingStatus(state.pending, action.clientMessageId, {
          status: 'failed',
          error: action.error,
        }),
      );
    case 'mark-read':
      return markRead(state, action.interactionId);
  }
}
