import { describe, expect, it } from 'vitest';
import { agentReducer, initialAgentState, type AgentState } from './agent-state.ts';
import { buildInteraction, buildMessage, buildPresence, interactionId } from './test-factories.ts';

function withInteraction(): AgentState {
  return agentReducer(initialAgentState(buildPresence()), {
    type: 'snapshot',
    snapshot: { presence: buildPresence(), offers: [], interactions: [buildInteraction()] },
  });
}

const agentAuthor = { kind: 'agent' as const, id: null, name: 'Agent One' };

describe('pending message reconciliation', () => {
  it('shows a sent message as pending until the pushed event with its clientMessageId arrives', () => {
    let state = withInteraction();
    state = agentReducer(state, {
      type: 'message-queued',
      message: {
        clientMessageId: 'abc-12345',
        interactionId,
        text: 'Hello',
        status: 'sending',
        error: null,
      },
    });
    expect(state.pending).toHaveLength(1);

    const echoed = buildMessage(1, { clientMessageId: 'abc-12345', author: agentAuthor });
    state = agentReducer(state, { type: 'events', interactionId, events: [echoed] });
    expect(state.pending).toHaveLength(0);
    expect(state.logs[interactionId]?.events).toEqual([echoed]);
  });

  it('keeps other pending messages when one is confirmed', () => {
    let state = withInteraction();
    for (const id of ['first-123', 'second-12']) {
      state = agentReducer(state, {
        type: 'message-queued',
        message: { clientMessageId: id, interactionId, text: id, status: 'sending', error: null },
      });
    }
    const echoed = buildMessage(1, { clientMessageId: 'first-123', author: agentAuthor });
    state = agentReducer(state, { type: 'events', interactionId, events: [echoed] });
    expect(state.pending.map((m) => m.clientMessageId)).toEqual(['second-12']);
  });

  it('marks a message failed with its code and sending again on retry', () => {
    let state = withInteraction();
    state = agentReducer(state, {
      type: 'message-queued',
      message: {
        clientMessageId: 'abc-12345',
        interactionId,
        text: 'Hi',
        status: 'sending',
        error: null,
      },
    });
    state = agentReducer(state, {
      type: 'message-failed',
      clientMessageId: 'abc-12345',
      error: 'TIMEOUT',
    });
    expect(state.pending).toMatchObject([{ status: 'failed', error: 'TIMEOUT', text: 'Hi' }]);
    state = agentReducer(state, { type: 'message-sending', clientMessageId: 'abc-12345' });
    expect(state.pending).toMatchObject([{ status: 'sending', error: null }]);
  });
});

describe('agentReducer', () => {
  it('removes an interaction once it has ended and its wrap-up is done', () => {
    let state = withInteraction();
    state = agentReducer(state, {
      type: 'interaction',
      interaction: buildInteraction({ status: 'ended', wrapUpPending: true }),
    });
    expect(state.interactions).toHaveLength(1);
    state = agentReducer(state, {
      type: 'interaction',
      interaction: buildInteraction({ status: 'ended', wrapUpPending: false }),
    });
    expect(state.interactions).toEqual([]);
  });

  it('ignores a presence older than the one it holds', () => {
    let state = withInteraction();
    state = agentReducer(state, {
      type: 'presence',
      presence: buildPresence({ state: 'available', version: 3 }),
    });
    state = agentReducer(state, { type: 'presence', presence: buildPresence({ version: 2 }) });
    expect(state.presence?.state).toBe('available');
  });

  it('ignores events of interactions the agent does not hold', () => {
    const state = initialAgentState(buildPresence());
    const next = agentReducer(state, { type: 'events', interactionId, events: [buildMessage(1)] });
    expect(next).toBe(state);
  });
});
