import type { InteractionEvent } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { ChatLog } from './chat-log.ts';

const interactionId = '00000000-0000-4000-8000-000000000001';
const at = '2026-01-01T09:00:00.000Z';

function customerMessage(seq: number, clientMessageId: string, text = 'hello'): InteractionEvent {
  const author = { kind: 'customer' as const, id: null, name: 'Mina' };
  return { type: 'message', interactionId, seq, at, clientMessageId, author, text };
}

function agentMessage(seq: number, text = 'How can I help?'): InteractionEvent {
  const author = { kind: 'agent' as const, id: null, name: 'Jisoo' };
  return { type: 'message', interactionId, seq, at, clientMessageId: `agent-${seq}`, author, text };
}

function agentJoined(seq: number, name = 'Jisoo'): InteractionEvent {
  return { type: 'agent.joined', interactionId, seq, at, agent: { id: null, name } };
}

function agentLeft(seq: number, name = 'Jisoo'): InteractionEvent {
  return { type: 'agent.left', interactionId, seq, at, agent: { id: null, name } };
}

function ended(seq: number): InteractionEvent {
  return { type: 'ended', interactionId, seq, at, by: 'agent' };
}

const keys = (log: ChatLog): string[] => log.entries().map((entry) => entry.key);

describe('ChatLog', () => {
  it('shows synced and pushed events once each, in seq order', () => {
    const log = new ChatLog();
    log.merge([agentMessage(3)]);
    log.merge([agentJoined(2), agentMessage(3), agentMessage(4)]);
    log.merge([agentMessage(4)]);
    expect(keys(log)).toEqual(['e:2', 'e:3', 'e:4']);
    expect(log.lastSeq).toBe(4);
  });

  it('reports whether a merge brought anything new', () => {
    const log = new ChatLog();
    expect(log.merge([agentMessage(1)])).toBe(true);
    expect(log.merge([agentMessage(1)])).toBe(false);
  });

  it('replaces a pending message with the stored one carrying its clientMessageId', () => {
    const log = new ChatLog();
    log.merge([agentJoined(1)]);
    log.addPending('cmid-0001', 'hello');
    expect(log.entries().at(-1)).toMatchObject({ kind: 'pending', key: 'm:cmid-0001' });
    log.merge([customerMessage(2, 'cmid-0001')]);
    const entries = log.entries();
    expect(entries).toHaveLength(2);
    expect(entries.at(-1)).toMatchObject({ kind: 'event', key: 'm:cmid-0001' });
    expect(log.unsent()).toEqual([]);
  });

  it('keeps pending messages after the stored events, in the order they were typed', () => {
    const log = new ChatLog();
    log.addPending('cmid-0001', 'first');
    log.addPending('cmid-0002', 'second');
    log.merge([agentMessage(5)]);
    expect(keys(log)).toEqual(['e:5', 'm:cmid-0001', 'm:cmid-0002']);
  });

  it('offers only messages still sending for a resend; failed ones wait for a retry', () => {
    const log = new ChatLog();
    log.addPending('cmid-0001', 'first');
    log.addPending('cmid-0002', 'second');
    log.markFailed('cmid-0001', 'A message is at most 1000 characters');
    expect(log.unsent().map((message) => message.clientMessageId)).toEqual(['cmid-0002']);
    expect(log.getPending('cmid-0001')).toMatchObject({
      status: 'failed',
      error: 'A message is at most 1000 characters',
      text: 'first',
    });
    log.markSending('cmid-0001');
    expect(log.unsent()).toHaveLength(2);
  });

  it('tracks which agents are in the chat', () => {
    const log = new ChatLog();
    log.merge([agentJoined(1, 'Jisoo'), agentJoined(2, 'Hana'), agentLeft(3, 'Jisoo')]);
    expect(log.agentsPresent()).toEqual(['Hana']);
  });

  it('shows the queue position only while nobody has joined', () => {
    const log = new ChatLog();
    log.setQueuePosition({ position: 3, estimatedWaitSeconds: 240 });
    expect(log.queuePosition).toEqual({ position: 3, estimatedWaitSeconds: 240 });
    log.merge([agentJoined(1)]);
    expect(log.queuePosition).toBeNull();
    log.setQueuePosition({ position: 1, estimatedWaitSeconds: null });
    expect(log.queuePosition).toBeNull();
  });

  it('is ended for the customer once they left, and closed once the server ended it', () => {
    const log = new ChatLog();
    log.merge([agentJoined(1)]);
    expect(log.ended).toBe(false);
    log.merge([{ type: 'customer.left', interactionId, seq: 2, at }]);
    expect([log.ended, log.closed]).toEqual([true, false]);
    log.merge([ended(3)]);
    expect([log.ended, log.closed]).toEqual([true, true]);
  });

  it('restores from a snapshot, dropping pending messages the server already stored', () => {
    const log = new ChatLog();
    log.merge([agentJoined(1), customerMessage(2, 'cmid-0001')]);
    log.addPending('cmid-0002', 'still unsent');
    const restored = new ChatLog({
      ...log.snapshot(),
      pending: [
        { clientMessageId: 'cmid-0001', text: 'hello', status: 'sending', error: null },
        ...log.snapshot().pending,
      ],
    });
    expect(keys(restored)).toEqual(['e:1', 'm:cmid-0001', 'm:cmid-0002']);
    expect(restored.unsent().map((message) => message.clientMessageId)).toEqual(['cmid-0002']);
    expect(restored.lastSeq).toBe(2);
  });
});

describe('the virtual assistant in the customer’s log', () => {
  const replied = (seq: number, choices: string[], offerAgent = true): InteractionEvent => ({
    type: 'assistant.replied',
    interactionId,
    seq,
    at,
    kind: seq === 1 ? 'greeting' : 'answer',
    text: 'Hi',
    answer: null,
    choices,
    offerAgent,
  });

  it('offers the latest turn’s questions until the assistant hands over', () => {
    const log = new ChatLog();
    expect(log.assistant).toBeNull();
    log.merge([replied(1, ['A', 'B'], false)]);
    expect(log.assistant).toEqual({ choices: ['A', 'B'], offerAgent: false });
    log.merge([customerMessage(2, 'c-1', 'A'), replied(3, ['A'])]);
    expect(log.assistant).toEqual({ choices: ['A'], offerAgent: true });
    log.merge([{ type: 'assistant.handed-over', interactionId, seq: 4, at, reason: 'asked' }]);
    expect(log.assistant).toBeNull();
  });

  it('offers nothing once the chat ended or when it was queued from the start', () => {
    const ended = new ChatLog();
    ended.merge([replied(1, ['A']), { type: 'customer.left', interactionId, seq: 2, at }]);
    expect(ended.assistant).toBeNull();
    const queue = { id: interactionId, name: 'Chat', channel: 'chat' as const };
    const queued = new ChatLog();
    queued.merge([agentMessage(1), { type: 'queued', interactionId, seq: 2, at, queue }]);
    expect(queued.assistant).toBeNull();
  });
});
