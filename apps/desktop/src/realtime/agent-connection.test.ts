import type { InteractionEvent } from '@sangdam/contracts';
import { describe, expect, it, vi } from 'vitest';
import { AgentConnection, type AgentConnectionEvents } from './agent-connection.ts';
import { FakeAgentSocket, refuse, syncFrom } from './fake-agent-socket.ts';
import { buildInteraction, buildMessage, buildPresence, interactionId } from './test-factories.ts';

function connect(commands: ConstructorParameters<typeof FakeAgentSocket>[0]) {
  const socket = new FakeAgentSocket(commands);
  const onUnauthenticated = vi.fn<AgentConnectionEvents['onUnauthenticated']>();
  const onOfferGone = vi.fn<AgentConnectionEvents['onOfferGone']>();
  const onConfigChanged = vi.fn<AgentConnectionEvents['onConfigChanged']>();
  const events: AgentConnectionEvents = {
    onUnauthenticated,
    isSignedIn: () => Promise.resolve(true),
    onOfferGone,
    onConfigChanged,
  };
  const connection = new AgentConnection(buildPresence(), events, socket.asSocket());
  connection.open();
  const snapshot = () =>
    socket.push('agent:snapshot', {
      presence: buildPresence(),
      offers: [],
      interactions: [buildInteraction({ lastSeq: 5 })],
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const seqs = () => connection.store.getState().logs[interactionId]?.events.map((e) => e.seq);
  return {
    socket,
    onUnauthenticated,
    onOfferGone,
    onConfigChanged,
    connection,
    snapshot,
    settle,
    seqs,
  };
}

const history: InteractionEvent[] = [1, 2, 3, 4, 5].map((seq) => buildMessage(seq));

describe('AgentConnection', () => {
  it('asks for fresh reference data when an admin changes it, and after every reconnect', async () => {
    const { socket, snapshot, settle, onConfigChanged } = connect({
      'interaction:sync': syncFrom(history),
    });
    snapshot();
    await settle();
    expect(onConfigChanged).not.toHaveBeenCalled();
    socket.push('config:changed', { what: 'wrap-up-reasons' });
    expect(onConfigChanged).toHaveBeenLastCalledWith('wrap-up-reasons');
    socket.push('disconnect', 'transport close');
    snapshot();
    await settle();
    expect(onConfigChanged).toHaveBeenLastCalledWith('all');
  });

  it('shows whether the customer is connected as the server says it changes', async () => {
    const { socket, snapshot, settle, connection } = connect({
      'interaction:sync': syncFrom(history),
    });
    snapshot();
    await settle();
    const connected = () => connection.store.getState().interactions[0]?.customerConnected;
    expect(connected()).toBe(true);
    socket.push('customer:presence', { interactionId, connected: false });
    expect(connected()).toBe(false);
    socket.push('customer:presence', { interactionId, connected: true });
    expect(connected()).toBe(true);
  });

  it('catches up after a snapshot page by page, without showing anything twice', async () => {
    const { socket, snapshot, settle, seqs } = connect({
      'interaction:sync': syncFrom(history, 2),
    });
    socket.push('interaction:event', buildMessage(1));
    snapshot();
    await settle();
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(socket.emittedOf('interaction:sync')).toEqual([
      { interactionId, afterSeq: 0 },
      { interactionId, afterSeq: 2 },
      { interactionId, afterSeq: 4 },
    ]);
  });

  it('fetches the missing events when a live event skips a seq', async () => {
    const { socket, snapshot, settle, seqs } = connect({
      'interaction:sync': syncFrom(history.slice(0, 3)),
    });
    snapshot();
    await settle();
    socket.push('interaction:event', buildMessage(5));
    await settle();
    expect(socket.emittedOf('interaction:sync').at(-1)).toEqual({ interactionId, afterSeq: 3 });
    expect(seqs()).toEqual([1, 2, 3, 5]);
  });

  it('keeps a message typed while offline and resends it with the same id after reconnecting', async () => {
    const sent: string[] = [];
    const { socket, connection, snapshot, settle } = connect({
      'interaction:sync': syncFrom([]),
      'message:send': (payload: { clientMessageId: string; text: string }) => {
        sent.push(payload.clientMessageId);
        return {
          event: buildMessage(6, {
            clientMessageId: payload.clientMessageId,
            author: { kind: 'agent', id: null, name: 'Agent One' },
            text: payload.text,
          }),
        };
      },
    });
    snapshot();
    await settle();
    socket.drop();
    await connection.sendMessage(interactionId, 'Are you still there?');
    expect(connection.store.getState().pending).toMatchObject([
      { status: 'sending', text: 'Are you still there?' },
    ]);
    expect(sent).toEqual([]);

    socket.connect();
    snapshot();
    await settle();
    expect(sent).toHaveLength(1);
    expect(connection.store.getState().pending).toEqual([]);
    expect(connection.store.getState().logs[interactionId]?.events.at(-1)).toMatchObject({
      clientMessageId: sent[0],
      text: 'Are you still there?',
    });
  });

  it('keeps a refused message on screen as failed with its code, and sends it again on retry', async () => {
    let refusals = 1;
    const sent: string[] = [];
    const { connection, snapshot, settle } = connect({
      'interaction:sync': syncFrom([]),
      'message:send': (payload: { clientMessageId: string; text: string }) => {
        sent.push(payload.clientMessageId);
        if (refusals-- > 0) refuse('RATE_LIMITED');
        return {
          event: buildMessage(6, {
            clientMessageId: payload.clientMessageId,
            author: { kind: 'agent', id: null, name: 'Agent One' },
            text: payload.text,
          }),
        };
      },
    });
    snapshot();
    await settle();
    await connection.sendMessage(interactionId, 'Hello');
    const [failed] = connection.store.getState().pending;
    expect(failed).toMatchObject({ text: 'Hello', status: 'failed', error: 'RATE_LIMITED' });

    await connection.retryMessage(failed!.clientMessageId);
    expect(sent).toEqual([failed!.clientMessageId, failed!.clientMessageId]);
    expect(connection.store.getState().pending).toEqual([]);
    expect(connection.store.getState().logs[interactionId]?.events.at(-1)).toMatchObject({
      text: 'Hello',
    });
  });

  it('does not resend a failed message by itself after reconnecting', async () => {
    const sent: string[] = [];
    const { socket, connection, snapshot, settle } = connect({
      'interaction:sync': syncFrom([]),
      'message:send': (payload: { clientMessageId: string }) => {
        sent.push(payload.clientMessageId);
        return refuse('MESSAGE_BLOCKED_SENSITIVE');
      },
    });
    snapshot();
    await settle();
    await connection.sendMessage(interactionId, 'Card 4242 4242 4242 4242');
    socket.drop();
    socket.connect();
    snapshot();
    await settle();
    expect(sent).toHaveLength(1);
    expect(connection.store.getState().pending).toMatchObject([{ status: 'failed' }]);
  });

  it('sends the agent back to sign-in when the server refuses the session', () => {
    const { socket, onUnauthenticated } = connect({});
    socket.active = false;
    socket.push('connect_error', new Error('UNAUTHENTICATED'));
    expect(onUnauthenticated).toHaveBeenCalledOnce();
  });

  it('reports an offer that went back to its queue', () => {
    const { socket, onOfferGone, snapshot } = connect({ 'interaction:sync': syncFrom([]) });
    snapshot();
    const offer = {
      id: '00000000-0000-4000-8000-0000000000f1',
      interactionId,
      channel: 'chat' as const,
      customer: buildInteraction().customer,
      queue: buildInteraction().queue,
      waitingSince: '2026-01-01T10:00:00.000Z',
      offeredAt: '2026-01-01T10:00:10.000Z',
      expiresAt: '2026-01-01T10:00:40.000Z',
    };
    socket.push('offer:new', offer);
    socket.push('offer:gone', { offerId: offer.id, reason: 'expired' });
    expect(onOfferGone).toHaveBeenCalledWith(offer, 'expired');
  });
});
