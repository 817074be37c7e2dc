import { describe, expect, it } from 'vitest';
import {
  agentReducer,
  initialAgentState,
  type AgentAction,
  type AgentState,
} from './agent-state.ts';
import { contactTriage, deskState } from './contact-triage.ts';
import { buildInteraction, buildMessage, buildPresence, interactionId } from './test-factories.ts';

const selfId = '00000000-0000-4000-8000-0000000000aa';
const self = { kind: 'agent' as const, id: selfId, name: 'Agent One' };
const colleague = {
  kind: 'agent' as const,
  id: '00000000-0000-4000-8000-0000000000bb',
  name: 'Bo',
};
const bot = { kind: 'bot' as const, id: null, name: 'Assistant' };

function holding(...actions: AgentAction[]): AgentState {
  const start = agentReducer(initialAgentState(buildPresence({ state: 'available' })), {
    type: 'snapshot',
    snapshot: {
      presence: buildPresence({ state: 'available' }),
      offers: [],
      interactions: [buildInteraction()],
    },
  });
  return actions.reduce(agentReducer, start);
}

const events = (...list: ReturnType<typeof buildMessage>[]): AgentAction => ({
  type: 'events',
  interactionId,
  events: list,
});

describe('contactTriage', () => {
  it('shows nothing for a contact without messages', () => {
    expect(contactTriage(holding(), interactionId, selfId)).toEqual({
      preview: null,
      waitingSince: null,
      unread: 0,
    });
  });

  it("counts unread customer messages and waits from the customer's first unanswered one", () => {
    const state = holding(
      events(
        buildMessage(1, { author: bot }),
        buildMessage(2),
        buildMessage(3, { text: 'Hello?' }),
      ),
    );
    expect(contactTriage(state, interactionId, selfId)).toEqual({
      preview: { text: 'Hello?', author: 'customer' },
      waitingSince: buildMessage(2).at,
      unread: 2,
    });
  });

  it('stops waiting once the agent answers and clears unread once the contact is read', () => {
    const state = holding(
      events(buildMessage(1), buildMessage(2, { author: self, text: 'On it' })),
      { type: 'mark-read', interactionId },
    );
    expect(contactTriage(state, interactionId, selfId)).toEqual({
      preview: { text: 'On it', author: 'self' },
      waitingSince: null,
      unread: 0,
    });
    const again = agentReducer(state, events(buildMessage(3, { text: 'Thanks' })));
    expect(contactTriage(again, interactionId, selfId)).toMatchObject({
      waitingSince: buildMessage(3).at,
      unread: 1,
    });
  });

  it("tells a colleague's and this agent's unsent messages apart in the preview", () => {
    const state = holding(events(buildMessage(1), buildMessage(2, { author: colleague })));
    expect(contactTriage(state, interactionId, selfId).preview).toEqual({
      text: 'message 2',
      author: 'agent',
    });
    const typed = agentReducer(state, {
      type: 'message-queued',
      message: {
        clientMessageId: 'c-1',
        interactionId,
        text: 'Typing…',
        status: 'sending',
        error: null,
      },
    });
    expect(contactTriage(typed, interactionId, selfId).preview).toEqual({
      text: 'Typing…',
      author: 'self',
    });
  });
});

describe('deskState', () => {
  it('is Engaged while an Available agent holds contacts, the presence otherwise', () => {
    expect(deskState(holding())).toBe('engaged');
    const none = initialAgentState(buildPresence({ state: 'available' }));
    expect(deskState(none)).toBe('available');
    const idle = agentReducer(holding(), {
      type: 'presence',
      presence: buildPresence({ state: 'idle', version: 9 }),
    });
    expect(deskState(idle)).toBe('idle');
    expect(deskState(initialAgentState(null))).toBeNull();
  });
});
