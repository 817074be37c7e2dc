import type { ColumnType, Generated } from 'kysely';
import type {
  AgentState,
  AssistantAnswer,
  Channel,
  DroppedMailAttachment,
  InteractionStatus,
  OfferKind,
  PrechatField,
  Role,
} from '@sangdam/contracts';
import type { RoutingStrategy } from '@sangdam/core';

/** Table shapes as Kysely sees them (camelCase through CamelCasePlugin). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type RoutingStrategyName = RoutingStrategy['name'];
/** A file a received mail came with and that was not kept, as stored in jsonb. */
export type DroppedMailAttachmentJson = DroppedMailAttachment;
/** A mailbox as stored in jsonb columns. */
export interface EmailAddressJson {
  address: string;
  name: string;
}

export interface Database {
  users: {
    id: Generated<string>;
    email: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    profileId: string | null;
    createdAt: CreatedAt;
    /** Set while the account is deactivated; null for an active user. */
    deactivatedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
  sessions: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    createdAt: CreatedAt;
    expiresAt: Timestamp;
  };
  multimediaProfiles: {
    id: Generated<string>;
    name: string;
    mode: 'blended' | 'exclusive';
    chatCapacity: number;
    emailCapacity: number;
    isDefault: Generated<boolean>;
  };
  teams: { id: Generated<string>; name: string; profileId: string | null };
  teamMembers: { teamId: string; userId: string };
  queues: {
    id: Generated<string>;
    name: string;
    channel: Channel;
    /** Overrides the channel's offer timeout when set. */
    offerTimeoutSeconds: number | null;
    routingStrategy: Generated<RoutingStrategyName>;
    priority: Generated<number>;
    createdAt: CreatedAt;
  };
  channelSettings: {
    channel: Channel;
    offerTimeoutSeconds: number;
    /** A chat whose customer has been away this long ends; null: never. */
    customerAwayTimeoutSeconds: number | null;
    /** R-WU-2: the default wrap-up reason is recorded this long after it is owed; null: never. */
    wrapUpTimeoutSeconds: number | null;
    /** Whether agents may stop that countdown. */
    wrapUpCancelAllowed: Generated<boolean>;
    /** R-CH-5: whether this channel's messages may carry files. */
    attachmentsEnabled: Generated<boolean>;
    /** Allowed extensions, lower case, without the dot (SPEC §6's list by default). */
    attachmentExtensions: Generated<string[]>;
    attachmentMaxFiles: Generated<number>;
    /** One message's files together must be smaller than this (exclusive). */
    attachmentTotalLimitBytes: ColumnType<string, string | number | undefined, string | number>;
  };
  customerLimits: {
    id: Generated<boolean>;
    chatStartsPerIpPerMinute: number;
    messagesPerChatPerMinute: number;
    requestsPerIpPerMinute: number;
  };
  rateLimitWindows: { key: string; windowStart: Timestamp; hits: number };
  teamQueues: { teamId: string; queueId: string };
  wrapUpReasons: {
    id: Generated<string>;
    label: string;
    isDefault: Generated<boolean>;
    sortOrder: Generated<number>;
  };
  idleReasons: {
    id: Generated<string>;
    label: string;
    isDefault: Generated<boolean>;
    sortOrder: Generated<number>;
  };
  /** Predefined chat responses (R-CH-4). */
  predefinedResponses: {
    id: Generated<string>;
    title: string;
    text: string;
    category: string | null;
    createdAt: CreatedAt;
    updatedAt: CreatedAt;
  };
  entryPoints: {
    id: Generated<string>;
    name: string;
    queueId: string;
    greeting: Generated<string>;
    isDefault: Generated<boolean>;
    nameField: Generated<PrechatField>;
    emailField: Generated<PrechatField>;
    /** The assistant's answers, in the admin's order (0014-virtual-assistant). */
    assistantAnswers: ColumnType<AssistantAnswer[], string | undefined, string>;
    offerAgent: Generated<boolean>;
    handOverAfterMisses: number | null;
  };
  agentPresence: {
    userId: string;
    state: AgentState;
    idleReasonId: string | null;
    since: Timestamp;
    availableSince: Timestamp | null;
    version: Generated<number>;
  };
  /** Sockets per node of an agent (desktops) or of a chat (the customer's widgets). */
  liveConnections: {
    kind: 'agent' | 'customer';
    subjectId: string;
    nodeId: string;
    sockets: number;
    seenAt: Timestamp;
    liveUntil: Timestamp;
  };
  /** Each node's last heartbeat: its sightings with sockets count as seen and live until then. */
  nodeHeartbeats: {
    nodeId: string;
    seenAt: Timestamp;
    liveUntil: Timestamp;
  };
  /** View: `liveConnections` with each sighting's node heartbeat applied (read who is connected here). */
  connectionSightings: {
    kind: 'agent' | 'customer';
    subjectId: string;
    nodeId: string;
    sockets: number;
    seenAt: Timestamp;
    liveUntil: Timestamp;
  };
  agentStateLog: {
    id: Generated<string>;
    userId: string;
    state: AgentState;
    idleReasonId: string | null;
    cause: string;
    at: Timestamp;
  };
  customers: {
    id: Generated<string>;
    name: string;
    email: string | null;
    createdAt: CreatedAt;
  };
  interactions: {
    id: Generated<string>;
    channel: Channel;
    status: InteractionStatus;
    customerId: string;
    queueId: string;
    entryPointId: string | null;
    customerTokenHash: string | null;
    priority: Generated<number>;
    enqueuedAt: Timestamp;
    createdAt: CreatedAt;
    endedAt: Timestamp | null;
    lastSeq: Generated<number>;
    /** What agents were last told: does the customer have a widget connected? */
    customerConnected: Generated<boolean>;
    /** Who the customer is across contacts (0010-contact-history); set by a trigger on insert. */
    customerKey: Generated<string>;
    /** Unmatched customer messages in a row while with the assistant (0014-virtual-assistant). */
    assistantMisses: Generated<number>;
    /** Email contacts: the address the customer wrote to (our replies come from it). */
    emailAddressId: ColumnType<string | null, string | null | undefined, string | null>;
    /** Email contacts: the token our replies carry (Reply-To `local+token@`, subject `[#token]`). */
    emailReplyToken: ColumnType<string | null, string | null | undefined, string | null>;
    /** A reply to an ended contact opens a new one that follows it up. */
    previousInteractionId: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** The organisation's email addresses, each routed to a queue (0015-email). */
  emailAddresses: {
    id: Generated<string>;
    address: string;
    displayName: string;
    queueId: string;
    imapHost: string | null;
    imapPort: number | null;
    imapTls: boolean | null;
    imapUser: string | null;
    /** AES-256-GCM under the configured key; never the password in clear. */
    imapPasswordSealed: string | null;
    imapFolder: string | null;
    createdAt: CreatedAt;
  };
  /** Every mail in or out (0015-email). Message ids without angle brackets. */
  emailMessages: {
    id: Generated<string>;
    interactionId: string | null;
    direction: 'in' | 'out';
    kind: 'personal' | 'auto-reply' | 'delivery-report';
    messageId: string;
    relayMessageId: string | null;
    inReplyTo: ColumnType<string[], string, string>;
    referenceIds: ColumnType<string[], string, string>;
    fromAddress: string | null;
    fromName: string;
    toAddresses: ColumnType<EmailAddressJson[], string, string>;
    ccAddresses: ColumnType<EmailAddressJson[], string, string>;
    /** Where the sender asks replies to go (Reply-To); empty: to From. */
    replyToAddresses: ColumnType<EmailAddressJson[], string | undefined, string>;
    subject: string;
    text: string;
    html: string | null;
    size: number;
    receivedAt: Timestamp | null;
    sentAt: Timestamp | null;
    /** Outbound only. */
    status: 'queued' | 'sent' | 'failed' | null;
    failure: string | null;
    authorId: string | null;
    clientMessageId: string | null;
    /** A delivery report: the message of ours it reports on. */
    reportsOnId: string | null;
    /** Inbound: the blob of the redacted raw message ("View original"), 0016-email-files. */
    rawBlobKey: ColumnType<string | null, string | null | undefined, string | null>;
    /** Inbound: attachments the size rule or the PCI scan dropped (name, size, why). */
    droppedAttachments: ColumnType<DroppedMailAttachmentJson[], string | undefined, string>;
    /** The email template the reply started from (0019-email-compose). */
    templateId: Generated<string | null>;
    createdAt: Timestamp;
  };
  /** Email templates (R-EM-4, 0019-email-compose). */
  emailTemplates: {
    id: Generated<string>;
    name: string;
    bodyHtml: string;
    category: string | null;
    createdAt: CreatedAt;
    updatedAt: CreatedAt;
  };
  /** Reply drafts, one per (contact, agent, mode) (R-EM-6, 0019-email-compose). */
  emailDrafts: {
    interactionId: string;
    userId: string;
    mode: 'quick' | 'reply' | 'replyAll';
    body: string;
    cc: ColumnType<string[], string, string>;
    templateId: string | null;
    version: number;
    updatedAt: Timestamp;
  };
  imapCheckpoints: {
    emailAddressId: string;
    folder: string;
    uidValidity: ColumnType<string, string | bigint, string | bigint>;
    lastUid: ColumnType<string, string | bigint, string | bigint>;
  };
  imapMailboxStatus: {
    emailAddressId: string;
    lastSuccessAt: Date | null;
    lastProblemAt: Date | null;
    lastProblemCode: string | null;
    lastProblemDetail: string | null;
  };
  imapSeen: {
    emailAddressId: string;
    folder: string;
    uidValidity: ColumnType<string, string | bigint, string | bigint>;
    uid: ColumnType<string, string | bigint | number, string | bigint | number>;
    emailMessageId: string | null;
    seenAt: Timestamp;
  };
  /** Replies waiting to be sent; a worker leases due rows (0015-email). */
  mailOutbox: {
    emailMessageId: string;
    mail: ColumnType<Record<string, unknown>, string, string>;
    attempts: Generated<number>;
    /** Null: failed, kept for the agent's Retry (0022-mail-retry); no worker claims it. */
    nextAttemptAt: ColumnType<Date | null, Date | string | null, Date | string | null>;
    giveUpAt: Timestamp;
  };
  mailSendAttempts: {
    id: Generated<string>;
    emailMessageId: string;
    at: Timestamp;
    outcome: 'sent' | 'retry' | 'failed';
    response: string;
  };
  chatStarts: {
    keyHash: string;
    interactionId: string;
    sealedToken: string;
    createdAt: CreatedAt;
  };
  /** File contents when the blob store is the database (`DatabaseBlobStore`). */
  blobs: {
    key: string;
    size: ColumnType<string, string | number, string | number>;
    sha256: string;
    chunks: number;
    createdAt: CreatedAt;
  };
  blobChunks: { key: string; seq: number; data: Uint8Array; createdAt: CreatedAt };
  /** A kept file and the message event it came with (channel-neutral). */
  attachments: {
    id: Generated<string>;
    interactionId: string;
    /** Null only for a mail's files that came with no event (a delivery report's). */
    eventSeq: ColumnType<number | null, number | null | undefined, number | null>;
    sender: 'agent' | 'customer';
    senderUserId: string | null;
    originalName: string;
    contentType: string;
    size: ColumnType<string, string | number, string | number>;
    sha256: string;
    blobKey: string;
    verdict: 'clean' | 'unreadable';
    /** The received mail the file came with (0016-email-files). */
    emailMessageId: ColumnType<string | null, string | null | undefined, string | null>;
    /** An image the mail's HTML shows by `cid:` (its Content-ID in `contentId`). */
    inline: Generated<boolean>;
    contentId: ColumnType<string | null, string | null | undefined, string | null>;
    createdAt: CreatedAt;
  };
  /** Files uploaded for an email reply not sent yet (0021-reply-files). */
  emailReplyFiles: {
    id: Generated<string>;
    interactionId: string;
    userId: string;
    originalName: string;
    contentType: string;
    size: ColumnType<string, string | number, string | number>;
    sha256: string;
    blobKey: string;
    verdict: 'clean' | 'unreadable';
    createdAt: CreatedAt;
  };
  interactionEvents: {
    interactionId: string;
    seq: number;
    type: string;
    body: ColumnType<Record<string, unknown>, string, string>;
    clientMessageId: string | null;
    at: Timestamp;
  };
  /** One agent's time in an interaction; an agent may have several in one interaction. */
  participants: {
    id: Generated<string>;
    interactionId: string;
    userId: string;
    role: 'primary' | 'conference';
    joinedAt: Timestamp;
    leftAt: Timestamp | null;
    releasedAt: Timestamp | null;
    /** When the workers record the default wrap-up (0012-auto-wrap-up); null: no deadline. */
    wrapUpDueAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  };
  offers: {
    id: Generated<string>;
    interactionId: string;
    userId: string;
    status: 'pending' | 'accepted' | 'expired' | 'withdrawn';
    kind: Generated<OfferKind>;
    /** Who transferred the contact or invited this agent; null for routed offers. */
    fromUserId: string | null;
    offeredAt: Timestamp;
    expiresAt: Timestamp;
    decidedAt: Timestamp | null;
  };
  wrapUps: {
    id: Generated<string>;
    participationId: string;
    interactionId: string;
    userId: string;
    submittedAt: Timestamp;
    automatic: Generated<boolean>;
  };
  wrapUpSelections: { wrapUpId: string; reasonId: string };
  pciPolicies: {
    channel: Channel;
    action: 'redact' | 'drop';
    allowUnscannableAttachments: boolean;
  };
  auditEvents: {
    id: Generated<string>;
    at: Timestamp;
    action: string;
    actorKind: 'customer' | 'agent' | 'system';
    actorId: string | null;
    interactionId: string | null;
    detail: ColumnType<Record<string, unknown>, string, string>;
  };
}
