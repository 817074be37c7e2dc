import type { Interaction, InteractionEvent, Presence } from '@sangdam/contracts';

/** Builders for realtime tests; ids are fixed so failures read easily. */
export const interactionId = '00000000-0000-4000-8000-000000000001';

export function buildMessage(
  seq: number,
  overrides: Partial<Extract<InteractionEvent, { type: 'message' }>> = {},
): InteractionEvent {
  return {
    type: 'message',
    interactionId,
    seq,
    at: new Date(Date.UTC(2026, 0, 1, 10, 0, seq)).toISOString(),
    clientMessageId: `client-${seq}`,
    author: { kind: 'customer', id: null, name: 'Min-jun' },
    text: `message ${seq}`,
    ...overrides,
  };
}

export function buildInteraction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: interactionId,
    channel: 'chat',
    status: 'active',
    customer: { id: '00000000-0000-4000-8000-000000000002', name: 'Min-jun', email: null },
    queue: { id: '00000000-0000-4000-8000-000000000003', name: 'Support', channel: 'chat' },
    createdAt: '2026-01-01T10:00:00.000Z',
    endedAt: null,
    wrapUpPending: false,
    wrapUpDueAt: null,
    wrapUpCancellable: false,
    role: 'primary',
    agents: [{ id: '00000000-0000-4000-8000-000000000004', name: 'Agent One', role: 'primary' }],
    pendingOffer: null,
    lastSeq: 0,
    customerConnected: true,
    ...overrides,
  };
}

export function buildPresence(overrides: Partial<Presence> = {}): Presence {
  return {
    state: 'idle',
    idleReasonId: null,
    since: '2026-01-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}
