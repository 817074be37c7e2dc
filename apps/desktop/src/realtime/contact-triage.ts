import type { AgentState as PresenceState, InteractionEvent } from '@sangdam/contracts';
import type { AgentState } from './agent-state.ts';

/** Who wrote a message, as the contact list tells it apart. */
export type PreviewAuthor = 'customer' | 'self' | 'agent' | 'bot';

/** What the contact list shows for one contact, to pick which to answer first. */
export interface ContactTriage {
  /** The newest message, this agent's unsent ones included. */
  readonly preview: { readonly text: string; readonly author: PreviewAuthor } | null;
  /** When the customer's oldest unanswered message arrived; null once someone answered. */
  readonly waitingSince: string | null;
  /** Customer messages the agent has not looked at yet. */
  readonly unread: number;
}

type MessageEvent = Extract<InteractionEvent, { type: 'message' }>;

function isMessage(event: InteractionEvent): event is MessageEvent {
  return event.type === 'message' && event.author.kind !== 'system';
}

function authorOf(event: MessageEvent, selfId: string): PreviewAuthor {
  const { author } = event;
  if (author.kind === 'agent') return author.id === selfId ? 'self' : 'agent';
  return author.kind === 'bot' ? 'bot' : 'customer';
}

/** Derived from the events and unsent messages the desktop holds for this contact. */
export function contactTriage(
  state: AgentState,
  interactionId: string,
  selfId: string,
): ContactTriage {
  const events = state.logs[interactionId]?.events ?? [];
  const readSeq = state.readSeq[interactionId] ?? 0;
  let preview: ContactTriage['preview'] = null;
  let waitingSince: string | null = null;
  let unread = 0;
  for (const event of events) {
    if (!isMessage(event)) continue;
    const author = authorOf(event, selfId);
    preview = { text: event.text, author };
    if (author === 'customer') {
      waitingSince ??= event.at;
      if (event.seq > readSeq) unread += 1;
    } else {
      waitingSince = null;
    }
  }
  const unsent = state.pending.findLast((message) => message.interactionId === interactionId);
  if (unsent) preview = { text: unsent.text, author: 'self' };
  return { preview, waitingSince, unread };
}

/** The header's state: "Engaged" is an Available agent who holds contacts (R-AV-1). */
export type DeskState = PresenceState | 'engaged';

export function deskState(state: AgentState): DeskState | null {
  const presence = state.presence?.state;
  if (presence === undefined) return null;
  return presence === 'available' && state.interactions.length > 0 ? 'engaged' : presence;
}
