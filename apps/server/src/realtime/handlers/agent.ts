import type { agentCommands } from '@sangdam/contracts';
import { sendMessage, syncEvents } from '../../services/chat/chat.ts';
import type { Deps } from '../../services/deps.ts';
import { holdWrapUp } from '../../services/interactions/auto-wrap-up.ts';
import {
  endConference,
  handOverTargets,
  inviteToConference,
  transfer,
} from '../../services/interactions/hand-over.ts';
import {
  acceptOffer,
  endByAgent,
  submitWrapUp,
  type AgentActor,
} from '../../services/interactions/lifecycle.ts';
import { setPresence } from '../../services/interactions/presence.ts';
import type { Handlers } from '../commands.ts';

/**
 * The agent namespace's commands, one map per feature; the gateway spreads them into one table
 * that the compiler checks against `agentCommands` (a command without a handler does not build).
 */
type AgentHandlers<K extends keyof typeof agentCommands> = Pick<Handlers<typeof agentCommands>, K>;

export const presenceHandlers = (deps: Deps, agent: AgentActor): AgentHandlers<'presence:set'> => ({
  'presence:set': async (input) => ({ presence: await setPresence(deps, agent.userId, input) }),
});

export const interactionHandlers = (
  deps: Deps,
  agent: AgentActor,
): AgentHandlers<
  | 'offer:accept'
  | 'message:send'
  | 'interaction:end'
  | 'wrapup:submit'
  | 'wrapup:hold'
  | 'interaction:sync'
> => ({
  'offer:accept': async ({ offerId }) => ({
    interaction: await acceptOffer(deps, agent, offerId),
  }),
  'message:send': async (input) => ({ event: await sendMessage(deps, agent, input) }),
  'interaction:end': async ({ interactionId }) => ({
    interaction: await endByAgent(deps, agent, interactionId),
  }),
  'wrapup:submit': async (input) => ({ interaction: await submitWrapUp(deps, agent, input) }),
  'wrapup:hold': async ({ interactionId }) => ({
    interaction: await holdWrapUp(deps, agent, interactionId),
  }),
  'interaction:sync': (input) => syncEvents(deps, agent, input),
});

/** R-CH-8…R-CH-11, R-EM-9: transfer and conference. */
export const handOverHandlers = (
  deps: Deps,
  agent: AgentActor,
): AgentHandlers<
  'handover:targets' | 'transfer:start' | 'conference:invite' | 'conference:end'
> => ({
  'handover:targets': ({ interactionId }) => handOverTargets(deps, agent, interactionId),
  'transfer:start': async (input) => ({ interaction: await transfer(deps, agent, input) }),
  'conference:invite': async (input) => ({
    interaction: await inviteToConference(deps, agent, input),
  }),
  'conference:end': async ({ interactionId }) => ({
    interaction: await endConference(deps, agent, interactionId),
  }),
});
