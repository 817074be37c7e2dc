import { z } from 'zod';
import { limits } from './limits.ts';
import {
  agentStateSchema,
  chatMessageTextSchema,
  clientMessageIdSchema,
  idSchema,
  interactionEventSchema,
  interactionSchema,
  type InteractionEventType,
  isoDateSchema,
  offerSchema,
  presenceSchema,
  queueRefSchema,
} from './model.ts';

/** A position in an interaction's log (PostgreSQL `integer`): 0 = from the start. */
const afterSeqSchema = z.number().int().min(0).max(limits.seqMax);

/** Socket.IO namespaces. */
export const namespaces = { agent: '/agent', customer: '/customer' } as const;

const channelCountsSchema = z.object({
  chat: z.number().int().min(0),
  email: z.number().int().min(0),
});

/** One queue in the supervisor's live view. */
export const queueLiveSchema = z.object({
  queue: queueRefSchema,
  waiting: z.number().int().min(0),
  /** When the longest-waiting contact started waiting; clients tick the time locally. */
  oldestWaitingSince: isoDateSchema.nullable(),
  /** Contacts offered to an agent and not yet accepted. */
  offered: z.number().int().min(0),
  active: z.number().int().min(0),
  /** Chats of this queue's entry points still with the virtual assistant (not yet waiting). */
  withAssistant: z.number().int().min(0),
});
export type QueueLive = z.infer<typeof queueLiveSchema>;

/** One agent in the supervisor's live view. "Engaged" is derived: open contacts > 0. */
export const agentLiveSchema = z.object({
  id: idSchema,
  displayName: z.string(),
  state: agentStateSchema,
  idleReason: z.object({ id: idSchema, label: z.string() }).nullable(),
  /** When the agent entered `state`; null for someone who never signed in. */
  since: isoDateSchema.nullable(),
  /** Contacts the agent holds (open or awaiting wrap-up), per channel. */
  open: channelCountsSchema,
  engaged: z.boolean(),
  pendingOffers: z.number().int().min(0),
});
export type AgentLive = z.infer<typeof agentLiveSchema>;

/** The supervisors' live picture: pushed on connect, then at most once a second on change. */
export const supervisorSnapshotSchema = z.object({
  at: isoDateSchema,
  queues: z.array(queueLiveSchema),
  agents: z.array(agentLiveSchema),
});
export type SupervisorSnapshot = z.infer<typeof supervisorSnapshotSchema>;

/** Who and where an interaction can be handed over to, as the transfer and conference dialogs list them. */
export const handOverTargetsSchema = z.object({
  queues: z.array(queueRefSchema.extend({ waiting: z.number().int().min(0) })),
  agents: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      state: agentStateSchema,
      /** Available with free capacity for the interaction's channel: the green dot. */
      canTake: z.boolean(),
    }),
  ),
});
export type HandOverTargets = z.infer<typeof handOverTargetsSchema>;

/**
 * Events a client emits, each with its payload schema and the shape of its ack on success.
 * Every emit carries an ack callback; the ack is `{ ok: true, ...result }` only after commit,
 * or `{ ok: false, error: { code, message } }`.
 */
export const agentCommands = {
  /** R-AV-1/R-AV-6: the agent picks Available or Idle (with a reason). RONA is never chosen. */
  'presence:set': {
    payload: z.object({
      state: agentStateSchema.extract(['available', 'idle']),
      idleReasonId: idSchema.nullable().optional(),
    }),
    result: z.object({ presence: presenceSchema }),
  },
  'offer:accept': {
    payload: z.object({ offerId: idSchema }),
    result: z.object({ interaction: interactionSchema }),
  },
  'message:send': {
    payload: z.object({
      interactionId: idSchema,
      clientMessageId: clientMessageIdSchema,
      text: chatMessageTextSchema,
    }),
    result: z.object({ event: interactionEventSchema }),
  },
  'interaction:end': {
    payload: z.object({ interactionId: idSchema }),
    result: z.object({ interaction: interactionSchema }),
  },
  'wrapup:submit': {
    payload: z.object({
      interactionId: idSchema,
      reasonIds: z.array(idSchema).min(1).max(limits.wrapUpReasonsMax),
    }),
    result: z.object({ interaction: interactionSchema }),
  },
  /** R-WU-2: stops the countdown of the agent's wrap-up, when the channel allows it. */
  'wrapup:hold': {
    payload: z.object({ interactionId: idSchema }),
    result: z.object({ interaction: interactionSchema }),
  },
  /** Everything after `afterSeq` in one interaction, oldest first (reconnect catch-up). */
  'interaction:sync': {
    payload: z.object({ interactionId: idSchema, afterSeq: afterSeqSchema }),
    result: z.object({ events: z.array(interactionEventSchema), more: z.boolean() }),
  },
  /**
   * R-CH-8/R-CH-10: where the interaction can go — its channel's queues and the signed-in agents
   * of the organisation (never the caller), with whether each can take it now.
   */
  'handover:targets': {
    payload: z.object({ interactionId: idSchema }),
    result: handOverTargetsSchema,
  },
  /** R-CH-8, R-EM-9: the primary agent hands the interaction to a queue or to an agent. */
  'transfer:start': {
    payload: z.object({
      interactionId: idSchema,
      to: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('queue'), queueId: idSchema }),
        z.object({ kind: z.literal('agent'), userId: idSchema }),
      ]),
    }),
    result: z.object({ interaction: interactionSchema }),
  },
  /** R-CH-10: the primary agent invites another agent into the chat. */
  'conference:invite': {
    payload: z.object({ interactionId: idSchema, userId: idSchema }),
    result: z.object({ interaction: interactionSchema }),
  },
  /**
   * R-CH-11: from the primary agent, removes the invited agent (or withdraws the invitation) and
   * the chat goes on; from the invited agent, leaves the chat.
   */
  'conference:end': {
    payload: z.object({ interactionId: idSchema }),
    result: z.object({ interaction: interactionSchema }),
  },
  /** Supervisors and admins: the live view now, then `supervisor:snapshot` on every change. */
  'supervisor:subscribe': {
    payload: z.object({}),
    result: z.object({ snapshot: supervisorSnapshotSchema }),
  },
} as const;

export const customerCommands = {
  'message:send': {
    payload: z.object({ clientMessageId: clientMessageIdSchema, text: chatMessageTextSchema }),
    result: z.object({ event: interactionEventSchema }),
  },
  /** R-CH-2: the customer picks "Talk to an agent" while with the assistant (when it offers it). */
  'assistant:hand-over': {
    payload: z.object({}),
    result: z.object({}),
  },
  /** The customer leaves; the interaction ends for everyone. */
  'chat:leave': {
    payload: z.object({}),
    result: z.object({}),
  },
  'interaction:sync': {
    payload: z.object({ afterSeq: afterSeqSchema }),
    result: z.object({ events: z.array(interactionEventSchema), more: z.boolean() }),
  },
} as const;

/** The agent's whole picture, pushed on every (re)connect. */
export const agentSnapshotSchema = z.object({
  presence: presenceSchema,
  offers: z.array(offerSchema),
  interactions: z.array(interactionSchema),
});
export type AgentSnapshot = z.infer<typeof agentSnapshotSchema>;

/** What kind of reference data an admin changed. */
export const configChangedSchema = z.object({
  what: z.enum([
    'wrap-up-reasons',
    'idle-reasons',
    'queues',
    'profiles',
    'teams',
    'entry-points',
    'channels',
    'predefined-responses',
    'email-templates',
  ]),
});
export type ConfigChanged = z.infer<typeof configChangedSchema>;

/** Events the server pushes. Interaction events carry `seq`; clients keep the highest seen. */
export const agentPushes = {
  'agent:snapshot': agentSnapshotSchema,
  'presence:changed': presenceSchema,
  'offer:new': offerSchema,
  'offer:gone': z.object({
    offerId: idSchema,
    reason: z.enum(['accepted', 'expired', 'withdrawn']),
  }),
  'interaction:updated': interactionSchema,
  'interaction:event': interactionEventSchema,
  /** Supervisors and admins only (room `supervisors`). */
  'supervisor:snapshot': supervisorSnapshotSchema,
  /** The customer's widget connected (any tab, any node) or the last one went away. */
  'customer:presence': z.object({ interactionId: idSchema, connected: z.boolean() }),
  /** An admin changed reference data after commit: refetch it (every signed-in desktop). */
  'config:changed': configChangedSchema,
  /** This session was signed out: its sockets close right after. */
  'session:ended': z.object({}),
} as const;

/** Where the customer is in the queue; the estimate is null when there is no honest basis. */
export const queuePositionSchema = z.object({
  /** 1 = next. */
  position: z.number().int().positive(),
  estimatedWaitSeconds: z.number().int().min(0).nullable(),
});
export type QueuePosition = z.infer<typeof queuePositionSchema>;

export const customerPushes = {
  'interaction:event': interactionEventSchema,
  /** Sent while the chat waits: on connect and whenever the position or the estimate changes. */
  'queue:position': queuePositionSchema,
} as const;

export type AgentCommand = keyof typeof agentCommands;
export type CustomerCommand = keyof typeof customerCommands;
export type CommandPayload<
  M extends Record<string, { payload: z.ZodType }>,
  K extends keyof M,
> = z.input<M[K]['payload']>;
export type CommandResult<
  M extends Record<string, { result: z.ZodType }>,
  K extends keyof M,
> = z.infer<M[K]['result']>;

/** A push as the server sends it: one of the map's events with its payload. */
export type PushOf<M extends Record<string, z.ZodType>> = {
  [K in keyof M]: { event: K; payload: z.infer<M[K]> };
}[keyof M];
/** The listeners a client registers: derived from the push map, so a misspelt event does not compile. */
export type PushListeners<M extends Record<string, z.ZodType>> = {
  [K in keyof M]: (payload: z.infer<M[K]>) => void;
};
export type AgentPush = PushOf<typeof agentPushes>;
export type CustomerPush = PushOf<typeof customerPushes>;
export type AgentPushListeners = PushListeners<typeof agentPushes>;
export type CustomerPushListeners = PushListeners<typeof customerPushes>;

/** Interaction event types a customer may see; the rest stay on the agents' side. */
export const customerVisibleEventTypes: ReadonlySet<InteractionEventType> =
  new Set<InteractionEventType>([
    'queued',
    'message',
    'assistant.replied',
    'assistant.handed-over',
    'attachment.dropped',
    'agent.joined',
    'agent.left',
    'transferred',
    'customer.left',
    'ended',
  ]);
