import { z } from 'zod';
import { typedText } from './typed-text.ts';
import { attachmentRefSchema, droppedAttachmentSchema } from './attachments.ts';

export const channelSchema = z.enum(['chat', 'email']);
export type Channel = z.infer<typeof channelSchema>;

export const roleSchema = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** R-AV-1: what an agent can be. `rona` is set by the system only; `offline` means signed out. */
export const agentStateSchema = z.enum(['offline', 'idle', 'available', 'rona']);
export type AgentState = z.infer<typeof agentStateSchema>;

export const idSchema = z.uuid();

export const isoDateSchema = z.iso.datetime({ offset: true });

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type User = z.infer<typeof userSchema>;

export const presenceSchema = z.object({
  state: agentStateSchema,
  idleReasonId: idSchema.nullable(),
  since: isoDateSchema,
  version: z.number().int(),
});
export type Presence = z.infer<typeof presenceSchema>;

export const reasonSchema = z.object({
  id: idSchema,
  label: z.string(),
  isDefault: z.boolean(),
});
export type Reason = z.infer<typeof reasonSchema>;

export const queueRefSchema = z.object({ id: idSchema, name: z.string(), channel: channelSchema });
export type QueueRef = z.infer<typeof queueRefSchema>;

export const customerSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string().nullable(),
});
export type Customer = z.infer<typeof customerSchema>;

/**
 * Why an agent is offered a contact: the router chose them (`route`), an agent hands the contact
 * over to them (`transfer`, R-CH-8) or invites them in (`conference`, R-CH-10). What an
 * unanswered offer of each kind does is a rule of packages/core (`offerExpiry`).
 */
export const offerKindSchema = z.enum(['route', 'transfer', 'conference']);
export type OfferKind = z.infer<typeof offerKindSchema>;

/** An agent as others see them in an interaction (customers get `id: null`). */
export const agentRefSchema = z.object({ id: idSchema.nullable(), name: z.string() });
export type AgentRef = z.infer<typeof agentRefSchema>;

/** R-AV-3: everything the offer popover shows. */
export const offerSchema = z.object({
  id: idSchema,
  kind: offerKindSchema,
  /** The agent who transferred the contact or invited this one; null for a routed offer. */
  from: agentRefSchema.nullable(),
  interactionId: idSchema,
  channel: channelSchema,
  customer: customerSchema,
  queue: queueRefSchema,
  /** Chat: when the contact started waiting; email: when the email was received. */
  waitingSince: isoDateSchema,
  offeredAt: isoDateSchema,
  expiresAt: isoDateSchema,
});
export type Offer = z.infer<typeof offerSchema>;

export const authorSchema = z.object({
  kind: z.enum(['customer', 'agent', 'bot', 'system']),
  /** Agents only; never sent to customers. */
  id: idSchema.nullable(),
  name: z.string(),
});
export type Author = z.infer<typeof authorSchema>;

/** R-CH-10/11: the agent serving the contact, or one invited into it. */
export const participationRoleSchema = z.enum(['primary', 'conference']);
export type ParticipationRole = z.infer<typeof participationRoleSchema>;

/** A mailbox of an email header as events show it. */
export const mailboxSchema = z.object({ address: z.string(), name: z.string() });
export type Mailbox = z.infer<typeof mailboxSchema>;

/** One email as the conversation shows it; the whole mail (HTML, headers) stays stored. */
export const emailSummarySchema = z.object({
  /** The stored mail's id (not its Message-ID). */
  id: idSchema,
  from: mailboxSchema.nullable(),
  to: z.array(mailboxSchema),
  cc: z.array(mailboxSchema),
  subject: z.string(),
  /** The plain text, cut at `limits.emailEventTextMaxLength` characters (`textTruncated`). */
  text: z.string(),
  textTruncated: z.boolean(),
});
export type EmailSummary = z.infer<typeof emailSummarySchema>;

/**
 * A file kept from a received mail (downloaded like a chat's, `…/attachments/:attachmentId`).
 * `inline`: an image the mail's HTML shows by `cid:<contentId>`.
 */
export const emailAttachmentSchema = z.object({
  id: idSchema,
  name: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string(),
  inline: z.boolean(),
  contentId: z.string().nullable(),
});
export type EmailAttachment = z.infer<typeof emailAttachmentSchema>;

/**
 * A file of a received mail that was not kept, and why: the mail was over the size limit
 * (`too-large`, largest first), the admin turned email attachments off (`attachments-off`), it
 * carried card data (`card-data`, its name masked) or could not be read to be checked
 * (`unreadable`). `size` in bytes, decoded.
 */
export const droppedMailAttachmentSchema = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  reason: z.enum(['too-large', 'attachments-off', 'card-data', 'unreadable']),
});
export type DroppedMailAttachment = z.infer<typeof droppedMailAttachmentSchema>;

const eventBase = { interactionId: idSchema, seq: z.number().int().positive(), at: isoDateSchema };

/** One entry of an interaction's event log. `seq` grows by one per interaction. */
export const interactionEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...eventBase,
    type: z.literal('chat.started'),
    customer: customerSchema,
  }),
  z.object({
    ...eventBase,
    type: z.literal('queued'),
    queue: queueRefSchema,
    /** Set when an agent was taken off the chat (deactivated): another agent will take over. */
    reason: z.enum(['agent-removed']).optional(),
  }),
  z.object({
    ...eventBase,
    type: z.literal('message'),
    clientMessageId: z.string(),
    author: authorSchema,
    text: z.string(),
    /** R-PCI-2a: what was masked before the text was stored (e.g. CREDIT_CARD); absent if nothing. */
    redactedTypes: z.array(z.string()).optional(),
    /** R-CH-5: files that came with the message (the text may then be empty). */
    attachments: z.array(attachmentRefSchema).optional(),
  }),
  /** R-PCI-3: a file was not kept (card data, or unreadable per the PCI policy); both sides see it. */
  z.object({
    ...eventBase,
    type: z.literal('attachment.dropped'),
    sender: z.enum(['agent', 'customer']),
    /** The file's name, card data in it masked. */
    name: z.string(),
    reason: droppedAttachmentSchema.shape.reason,
  }),
  z.object({
    ...eventBase,
    type: z.literal('agent.joined'),
    agent: agentRefSchema,
    /** `conference`: invited by the primary agent (R-CH-10); absent for the primary. */
    role: participationRoleSchema.optional(),
  }),
  z.object({
    ...eventBase,
    type: z.literal('agent.left'),
    agent: agentRefSchema,
    /** Why, when not simply the end of the interaction. */
    reason: z.enum(['transferred', 'conference-ended', 'removed']).optional(),
  }),
  /** R-CH-8: the primary agent handed the contact to a queue or to another agent. */
  z.object({
    ...eventBase,
    type: z.literal('transferred'),
    by: agentRefSchema,
    to: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('queue'), queue: queueRefSchema }),
      z.object({ kind: z.literal('agent'), agent: agentRefSchema }),
    ]),
  }),
  /** R-CH-10: the primary agent invited another agent (agents only). */
  z.object({
    ...eventBase,
    type: z.literal('conference.requested'),
    by: agentRefSchema,
    agent: agentRefSchema,
  }),
  /** The invitation ended without the agent joining (agents only). */
  z.object({
    ...eventBase,
    type: z.literal('conference.cancelled'),
    agent: agentRefSchema,
    reason: z.enum(['expired', 'withdrawn']),
  }),
  /**
   * R-CH-2: a turn of the virtual assistant before any agent: the greeting, a preset answer, or
   * "no answer matched" (`text` empty: each client says it in its own language).
   */
  z.object({
    ...eventBase,
    type: z.literal('assistant.replied'),
    kind: z.enum(['greeting', 'answer', 'no-match']),
    text: z.string(),
    /** The question (button label) of the answer given; null unless `kind` is `answer`. */
    answer: z.string().nullable(),
    /** The questions the customer can pick next, as buttons. */
    choices: z.array(z.string()),
    /** Whether the customer may pick "Talk to an agent". */
    offerAgent: z.boolean(),
  }),
  /** The assistant passes the customer to the queue (a `queued` event follows). */
  z.object({
    ...eventBase,
    type: z.literal('assistant.handed-over'),
    /** The customer asked, no answer matched often enough, or the assistant has no answers. */
    reason: z.enum(['asked', 'no-match', 'no-answers']),
  }),
  /**
   * An email from the customer: it opened this contact, or arrived while it was open. An
   * auto-reply is appended to an open contact and never opens one. `followUpOf`: the ended
   * contact this one follows up (the customer answered it after it ended).
   */
  z.object({
    ...eventBase,
    type: z.literal('email.received'),
    email: emailSummarySchema,
    kind: z.enum(['personal', 'auto-reply']),
    followUpOf: idSchema.optional(),
    /** The mail's kept files (absent: none). */
    attachments: z.array(emailAttachmentSchema).optional(),
    /** What was not kept of it, for the agent to be told (absent: nothing). */
    dropped: z.array(droppedMailAttachmentSchema).optional(),
  }),
  /** An agent's reply, stored and waiting in the mail outbox (agents only). */
  z.object({
    ...eventBase,
    type: z.literal('email.queued'),
    clientMessageId: z.string(),
    author: authorSchema,
    email: emailSummarySchema,
    /** R-PCI-2a: what was masked before the reply was stored. */
    redactedTypes: z.array(z.string()).optional(),
  }),
  /** The relay accepted the reply (agents only). */
  z.object({ ...eventBase, type: z.literal('email.sent'), emailId: idSchema }),
  /**
   * The reply will not arrive: the relay refused it (5xx), retries ran out, or a delivery report
   * came back for it (agents only). `response`: what the server said.
   */
  z.object({
    ...eventBase,
    type: z.literal('email.failed'),
    emailId: idSchema,
    reason: z.enum(['refused', 'gave-up', 'bounced']),
    response: z.string(),
  }),
  /**
   * The agent holding the contact sent a failed reply again (Retry): the same stored mail and
   * Message-ID, queued once more; `email.sent` or `email.failed` follow (agents only).
   */
  z.object({
    ...eventBase,
    type: z.literal('email.retried'),
    emailId: idSchema,
    author: authorSchema,
  }),
  z.object({ ...eventBase, type: z.literal('customer.left') }),
  z.object({
    ...eventBase,
    type: z.literal('ended'),
    by: z.enum(['agent', 'customer', 'system']),
    /**
     * Why the system ended it: the customer had no widget open for the away timeout, or the
     * agent a chat was transferred to did not accept it (R-CH-9).
     */
    reason: z.enum(['customer-away', 'transfer-unanswered']).optional(),
  }),
]);
export type InteractionEvent = z.infer<typeof interactionEventSchema>;
export type InteractionEventType = InteractionEvent['type'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as a use case appends it: the store numbers it and stamps its interaction and time. */
export type NewInteractionEvent = DistributiveOmit<
  InteractionEvent,
  'interactionId' | 'seq' | 'at'
>;

/** `assistant`: a chat still with the virtual assistant, not yet queued (never routed). */
export const interactionStatusSchema = z.enum([
  'assistant',
  'queued',
  'offered',
  'active',
  'ended',
]);
export type InteractionStatus = z.infer<typeof interactionStatusSchema>;

/** An interaction as an agent's desktop holds it. */
export const interactionSchema = z.object({
  id: idSchema,
  channel: channelSchema,
  status: interactionStatusSchema,
  customer: customerSchema,
  queue: queueRefSchema,
  createdAt: isoDateSchema,
  endedAt: isoDateSchema.nullable(),
  /** True while this agent still owes a wrap-up (R-WU-1). */
  wrapUpPending: z.boolean(),
  /** R-WU-2: when the server records the default reason for this agent's wrap-up; null: never. */
  wrapUpDueAt: isoDateSchema.nullable(),
  /** Whether this agent may stop that countdown (`wrapup:hold`). */
  wrapUpCancellable: z.boolean(),
  /** This agent's part: serving it, or invited into it (null once they left it). */
  role: participationRoleSchema.nullable(),
  /** The agents in it now, the primary first. */
  agents: z.array(agentRefSchema.extend({ role: participationRoleSchema })),
  /** A transfer or conference invitation waiting for its agent's answer. */
  pendingOffer: z
    .object({ kind: offerKindSchema, agent: agentRefSchema, expiresAt: isoDateSchema })
    .nullable(),
  lastSeq: z.number().int(),
  /** Whether the customer has the chat open in a connected widget (chat only). */
  customerConnected: z.boolean(),
});
export type Interaction = z.infer<typeof interactionSchema>;

/** Length is checked by the domain in code points (error MESSAGE_TOO_LONG), not here. */
export const chatMessageTextSchema = typedText();

export const clientMessageIdSchema = typedText().min(8).max(64);
