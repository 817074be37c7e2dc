import {
  unsentOutgoing,
  type AgentCommand,
  type ConfigChanged,
  type HandOverTargets,
  type Interaction,
  type InteractionEvent,
  type Offer,
  type Presence,
  type SupervisorSnapshot,
} from '@sangdam/contracts';
import { io } from 'socket.io-client';
import { toAppError, type AppError } from '../lib/app-error.ts';
import {
  agentReducer,
  initialAgentState,
  type AgentAction,
  type AgentState,
} from './agent-state.ts';
import {
  emitCommand,
  newClientMessageId,
  type AgentCommandPayload,
  type AgentCommandResult,
  type AgentSocket,
  type OfferGoneReason,
} from './agent-socket.ts';
import { createExternalStore, type ExternalStore } from './external-store.ts';
import { hasGap, emptyLog } from './interaction-log.ts';
import type { PendingMessage } from './pending-messages.ts';

/** The agent namespace (`namespaces.agent` in the contracts). */
const agentNamespace = '/agent';

const retryBaseMs = 1_000;
const retryMaxMs = 30_000;

/** How the connection reports what the rest of the app has to react to. */
export interface AgentConnectionEvents {
  /** The server refused the session: the agent must sign in again. */
  onUnauthenticated(): void;
  /** Resolves false when the server no longer knows the session. */
  isSignedIn(): Promise<boolean>;
  onOfferGone(offer: Offer, reason: OfferGoneReason): void;
  /**
   * An admin changed reference data (or changes may have been missed while disconnected):
   * refetch what the desktop caches.
   */
  onConfigChanged(what: ConfigChanged['what'] | 'all'): void;
}

/**
 * The desktop's one Socket.IO client: it feeds pushes into the store, catches up missed events
 * by seq after every (re)connect, and resends unconfirmed messages with their original ids.
 */
export class AgentConnection {
  readonly store: ExternalStore<AgentState, AgentAction>;
  private readonly socket: AgentSocket;
  private readonly syncing = new Map<string, Promise<void>>();
  private closed = true;
  private retryDelayMs = retryBaseMs;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshots = 0;

  constructor(
    presence: Presence | null,
    private readonly events: AgentConnectionEvents,
    socket: AgentSocket = io(agentNamespace, { withCredentials: true, autoConnect: false }),
  ) {
    this.store = createExternalStore(agentReducer, initialAgentState(presence));
    this.socket = socket;
    this.listen();
  }

  open(): void {
    this.closed = false;
    this.store.dispatch({ type: 'connection', status: 'connecting' });
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket.disconnect();
  }

  private dispatch(action: AgentAction): void {
    this.store.dispatch(action);
  }

  private command<K extends AgentCommand>(
    name: K,
    payload: AgentCommandPayload<K>,
  ): Promise<AgentCommandResult<K>> {
    return emitCommand(this.socket, name, payload);
  }

  private listen(): void {
    const socket = this.socket;
    socket.on('agent:snapshot', (snapshot) => {
      this.dispatch({ type: 'snapshot', snapshot });
      this.dispatch({ type: 'connection', status: 'connected' });
      // Configuration pushed while this desktop was away was missed: fetch it again.
      if (this.snapshots++ > 0) this.events.onConfigChanged('all');
      void this.catchUp(snapshot.interactions);
    });
    socket.on('presence:changed', (presence) => this.dispatch({ type: 'presence', presence }));
    socket.on('offer:new', (offer) => this.dispatch({ type: 'offer-new', offer }));
    socket.on('offer:gone', ({ offerId, reason }) => {
      const offer = this.store.getState().offers.find((candidate) => candidate.id === offerId);
      this.dispatch({ type: 'offer-gone', offerId });
      if (offer) this.events.onOfferGone(offer, reason);
    });
    socket.on('interaction:updated', (interaction) => {
      this.dispatch({ type: 'interaction', interaction });
    });
    socket.on('customer:presence', ({ interactionId, connected }) => {
      this.dispatch({ type: 'customer-presence', interactionId, connected });
    });
    socket.on('config:changed', ({ what }) => this.events.onConfigChanged(what));
    socket.on('interaction:event', (event) => {
      this.dispatch({ type: 'events', interactionId: event.interactionId, events: [event] });
      const log = this.store.getState().logs[event.interactionId];
      if (log && hasGap(log)) void this.sync(event.interactionId);
    });
    socket.on('disconnect', (reason) => {
      // Unconfirmed messages stay `sending` and go again once the snapshot has come back.
      this.dispatch({ type: 'connection', status: 'disconnected' });
      // The server closed the socket on purpose (signed out elsewhere, or a restart): reconnect
      // only while the session is still good.
      if (reason === 'io server disconnect') void this.reconnectIfSignedIn();
    });
    socket.on('connect', () => {
      this.retryDelayMs = retryBaseMs;
    });
    socket.on('connect_error', (error) => {
      this.dispatch({ type: 'connection', status: 'disconnected' });
      if (error.message === 'UNAUTHENTICATED') this.events.onUnauthenticated();
      // A refusal by the server's middleware stops Socket.IO's own retries; keep trying.
      else if (!socket.active) this.retryLater();
    });
  }

  private retryLater(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.closed) this.socket.connect();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, retryMaxMs);
  }

  private async reconnectIfSignedIn(): Promise<void> {
    const signedIn = await this.events.isSignedIn();
    if (this.closed) return;
    if (signedIn) this.socket.connect();
    else this.events.onUnauthenticated();
  }

  /** After a snapshot: fetch what was missed, then resend what the server never confirmed. */
  private async catchUp(interactions: readonly Interaction[]): Promise<void> {
    await Promise.all(interactions.map((interaction) => this.sync(interaction.id)));
    for (const message of unsentOutgoing(this.store.getState().pending)) {
      void this.deliver(message);
    }
  }

  /** Pages through `interaction:sync` from the last gap-free seq; one run per interaction. */
  private sync(interactionId: string): Promise<void> {
    const running = this.syncing.get(interactionId);
    if (running) return running;
    const run = this.syncPages(interactionId)
      .catch(() => {
        // A failed catch-up is retried on the next gap or reconnect; the log stays as it is.
      })
      .finally(() => this.syncing.delete(interactionId));
    this.syncing.set(interactionId, run);
    return run;
  }

  /** Pages on while the server has more, or while a gap remains and the last page helped. */
  private async syncPages(interactionId: string): Promise<void> {
    const logOf = () => this.store.getState().logs[interactionId] ?? emptyLog;
    for (;;) {
      const afterSeq = logOf().syncedSeq;
      const page = await this.command('interaction:sync', { interactionId, afterSeq });
      this.dispatch({ type: 'events', interactionId, events: page.events });
      const throughSeq = page.events.reduce((max, event) => Math.max(max, event.seq), afterSeq);
      this.dispatch({ type: 'synced', interactionId, throughSeq });
      if (page.events.length === 0) return;
      if (!page.more && !hasGap(logOf())) return;
    }
  }

  /**
   * Sends one message and records the outcome: stored, `failed` with the server's code or
   * TIMEOUT, or still `sending` when the connection went down (it goes again on reconnect).
   */
  private async deliver(message: PendingMessage): Promise<void> {
    const { clientMessageId, interactionId, text } = message;
    if (!this.socket.connected) return;
    try {
      const { event } = await this.command('message:send', {
        interactionId,
        clientMessageId,
        text,
      });
      this.dispatch({ type: 'events', interactionId, events: [event] });
    } catch (error) {
      const { code } = toAppError(error);
      const offline = code === 'DISCONNECTED' || (code === 'TIMEOUT' && !this.socket.connected);
      if (!offline) this.dispatch({ type: 'message-failed', clientMessageId, error: code });
    }
  }

  /** Shows the message at once as sending; it goes out now, or after the next reconnect. */
  sendMessage(interactionId: string, text: string): Promise<void> {
    const message: PendingMessage = {
      clientMessageId: newClientMessageId(),
      interactionId,
      text,
      status: 'sending',
      error: null,
    };
    this.dispatch({ type: 'message-queued', message });
    return this.deliver(message);
  }

  /** Sends a failed message again, with its original id so it is never stored twice. */
  retryMessage(clientMessageId: string): Promise<void> {
    this.dispatch({ type: 'message-sending', clientMessageId });
    const message = this.store
      .getState()
      .pending.find((candidate) => candidate.clientMessageId === clientMessageId);
    return message ? this.deliver(message) : Promise.resolve();
  }

  /** Adds events a REST answer carried (e.g. an email reply's), as a push would. */
  receiveEvents(interactionId: string, events: readonly InteractionEvent[]): void {
    this.dispatch({ type: 'events', interactionId, events });
  }

  async setPresence(state: 'available' | 'idle', idleReasonId: string | null): Promise<void> {
    const { presence } = await this.command('presence:set', { state, idleReasonId });
    this.dispatch({ type: 'presence', presence });
  }

  /** Accepts an offer and loads the conversation so far (e.g. the customer's bot turns). */
  async acceptOffer(offerId: string): Promise<Interaction> {
    const { interaction } = await this.command('offer:accept', { offerId });
    this.dispatch({ type: 'offer-gone', offerId });
    this.dispatch({ type: 'interaction', interaction });
    await this.sync(interaction.id);
    return interaction;
  }

  async endInteraction(interactionId: string): Promise<void> {
    const { interaction } = await this.command('interaction:end', { interactionId });
    this.dispatch({ type: 'interaction', interaction });
  }

  /** R-CH-8/R-CH-10: the queues and agents the interaction can be handed to, as of now. */
  handOverTargets(interactionId: string): Promise<HandOverTargets> {
    return this.command('handover:targets', { interactionId });
  }

  /** R-CH-8, R-EM-9: hands the interaction to a queue or an agent; this agent's wrap-up follows. */
  async transfer(
    interactionId: string,
    to: AgentCommandPayload<'transfer:start'>['to'],
  ): Promise<void> {
    const { interaction } = await this.command('transfer:start', { interactionId, to });
    this.dispatch({ type: 'interaction', interaction });
  }

  /** R-CH-10: invites another agent into the chat. */
  async inviteToConference(interactionId: string, userId: string): Promise<void> {
    const { interaction } = await this.command('conference:invite', { interactionId, userId });
    this.dispatch({ type: 'interaction', interaction });
  }

  /** R-CH-11: ends the conference (the primary agent) or leaves it (the invited agent). */
  async endConference(interactionId: string): Promise<void> {
    const { interaction } = await this.command('conference:end', { interactionId });
    this.dispatch({ type: 'interaction', interaction });
  }

  /** R-WU-2: stops this wrap-up's countdown (when the channel allows it). */
  async holdWrapUp(interactionId: string): Promise<void> {
    const { interaction } = await this.command('wrapup:hold', { interactionId });
    this.dispatch({ type: 'interaction', interaction });
  }

  async submitWrapUp(interactionId: string, reasonIds: readonly string[]): Promise<void> {
    const payload = { interactionId, reasonIds: [...reasonIds] };
    const { interaction } = await this.command('wrapup:submit', payload);
    this.dispatch({ type: 'interaction', interaction });
  }

  /**
   * The supervisors' live view: the current picture now (when connected), then every push until
   * the returned function is called. The server also pushes a fresh picture on each reconnect.
   */
  watchLiveView(
    onSnapshot: (snapshot: SupervisorSnapshot) => void,
    onError: (error: AppError) => void,
  ): () => void {
    let watching = true;
    this.socket.on('supervisor:snapshot', onSnapshot);
    if (this.socket.connected) {
      this.command('supervisor:subscribe', {}).then(
        ({ snapshot }) => watching && onSnapshot(snapshot),
        (error: unknown) => watching && onError(toAppError(error)),
      );
    }
    return () => {
      watching = false;
      this.socket.off('supervisor:snapshot', onSnapshot);
    };
  }

  markRead(interactionId: string): void {
    this.dispatch({ type: 'mark-read', interactionId });
  }
}
