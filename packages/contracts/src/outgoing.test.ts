import { describe, expect, it } from 'vitest';
import type { InteractionEvent } from './model.ts';
import {
  confirmOutgoing,
  setOutgoingStatus,
  unsentOutgoing,
  type OutgoingMessage,
} from './outgoing.ts';

const message = (id: string, status: OutgoingMessage['status'] = 'sending'): OutgoingMessage => ({
  clientMessageId: id,
  text: `text ${id}`,
  status,
  error: status === 'failed' ? 'TIMEOUT' : null,
});

const stored = (clientMessageId: string, seq: number): InteractionEvent => ({
  type: 'message',
  interactionId: 'i-1',
  seq,
  at: '2026-01-01T10:00:00.000Z',
  clientMessageId,
  author: { kind: 'agent', id: null, name: 'Agent One' },
  text: 'stored',
});

describe('outgoing messages', () => {
  it('keeps each one until an event with its clientMessageId is stored', () => {
    const outgoing = [message('a'), message('b', 'failed')];
    expect(confirmOutgoing(outgoing, [])).toBe(outgoing);
    expect(confirmOutgoing(outgoing, [stored('x', 1)])).toBe(outgoing);
    expect(confirmOutgoing(outgoing, [stored('b', 2)])).toEqual([message('a')]);
  });

  it('fails with a code and goes back to sending on retry', () => {
    let outgoing: readonly OutgoingMessage[] = [message('a'), message('b')];
    outgoing = setOutgoingStatus(outgoing, 'a', { status: 'failed', error: 'RATE_LIMITED' });
    expect(outgoing[0]).toMatchObject({ status: 'failed', error: 'RATE_LIMITED' });
    expect(unsentOutgoing(outgoing).map((m) => m.clientMessageId)).toEqual(['b']);
    outgoing = setOutgoingStatus(outgoing, 'a', { status: 'sending' });
    expect(outgoing[0]).toMatchObject({ status: 'sending', error: null });
    expect(setOutgoingStatus(outgoing, 'a', { status: 'sending' })).toBe(outgoing);
  });
});
