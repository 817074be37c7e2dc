import type { InteractionEvent } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { buildMessage, interactionId } from '../../../realtime/test-factories.ts';
import { buildTimeline, customerHasLeft } from './timeline.ts';

const selfId = '00000000-0000-4000-8000-0000000000aa';
const at = '2026-01-01T10:00:00.000Z';

describe('buildTimeline', () => {
  it('labels bot turns, customer turns and this agent’s own messages', () => {
    const events = [
      buildMessage(1, { author: { kind: 'bot', id: null, name: 'Bot' } }),
      buildMessage(2),
      buildMessage(3, { author: { kind: 'agent', id: selfId, name: 'Agent One' } }),
      buildMessage(4, { author: { kind: 'agent', id: null, name: 'Agent Two' } }),
    ];
    const roles = buildTimeline(events, [], selfId, 'Agent One').map((item) =>
      item.kind === 'message' ? item.role : item.kind,
    );
    expect(roles).toEqual(['bot', 'customer', 'self', 'agent']);
  });

  it('shows the virtual assistant’s turns as bot messages and its hand-over as a notice', () => {
    const replied = { interactionId, at, choices: ['Refunds'], offerAgent: true };
    const events: InteractionEvent[] = [
      { ...replied, type: 'assistant.replied', seq: 1, kind: 'greeting', text: 'Hi', answer: null },
      buildMessage(2, { text: 'refund?' }),
      {
        ...replied,
        type: 'assistant.replied',
        seq: 3,
        kind: 'answer',
        text: '3 days',
        answer: 'Refunds',
      },
      { ...replied, type: 'assistant.replied', seq: 4, kind: 'no-match', text: '', answer: null },
      { type: 'assistant.handed-over', interactionId, seq: 5, at, reason: 'asked' },
    ];
    const items = buildTimeline(events, [], selfId, 'Agent One');
    expect(
      items.map((item) =>
        item.kind === 'message' ? [item.role, item.assistant?.kind ?? null] : [item.notice.type],
      ),
    ).toEqual([
      ['bot', 'greeting'],
      ['customer', null],
      ['bot', 'answer'],
      ['bot', 'no-match'],
      ['handed-over'],
    ]);
    expect(items[2]).toMatchObject({ text: '3 days', assistant: { question: 'Refunds' } });
  });

  it('shows joins, leaves and the end as notices', () => {
    const events: InteractionEvent[] = [
      { type: 'agent.joined', interactionId, seq: 1, at, agent: { id: selfId, name: 'Agent One' } },
      { type: 'customer.left', interactionId, seq: 2, at },
      { type: 'ended', interactionId, seq: 3, at, by: 'customer' },
    ];
    const notices = buildTimeline(events, [], selfId, 'Agent One').map((item) =>
      item.kind === 'notice' ? item.notice.type : item.kind,
    );
    expect(notices).toEqual(['agent-joined', 'customer-left', 'ended']);
  });

  it('appends unconfirmed messages after the confirmed ones, keeping their status', () => {
    const pending = [
      {
        clientMessageId: 'abc-12345',
        interactionId,
        text: 'On my way',
        status: 'failed' as const,
        error: 'TIMEOUT',
      },
    ];
    const items = buildTimeline([buildMessage(1)], pending, selfId, 'Agent One');
    expect(items.at(-1)).toMatchObject({
      kind: 'message',
      role: 'self',
      text: 'On my way',
      status: 'failed',
      error: 'TIMEOUT',
      clientMessageId: 'abc-12345',
      authorName: 'Agent One',
    });
  });
});

describe('customerHasLeft', () => {
  it('is true after the customer left or ended the chat, not after the agent ended it', () => {
    expect(customerHasLeft([{ type: 'customer.left', interactionId, seq: 1, at }])).toBe(true);
    expect(customerHasLeft([{ type: 'ended', interactionId, seq: 1, at, by: 'agent' }])).toBe(
      false,
    );
    expect(customerHasLeft([buildMessage(1)])).toBe(false);
  });
});
