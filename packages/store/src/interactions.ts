import type {
  Channel,
  InteractionStatus,
  NewInteractionEvent,
  ParticipationRole,
} from '@sangdam/contracts';
import { CompiledQuery, sql } from 'kysely';
import type { Executor } from './database.ts';
import { preparedStatement } from './prepared.ts';

export interface InteractionRow {
  id: string;
  channel: Channel;
  status: InteractionStatus;
  customerId: string;
  customerName: string;
  customerEmail: string | null;
  queueId: string;
  queueName: string;
  queueChannel: Channel;
  enqueuedAt: Date;
  createdAt: Date;
  endedAt: Date | null;
  lastSeq: number;
  customerConnected: boolean;
  entryPointId: string | null;
  /** Unmatched messages in a row while with the virtual assistant. */
  assistantMisses: number;
  /** Whether agents may stop the wrap-up countdown (the channel's setting, R-WU-2). */
  wrapUpCancelAllowed: boolean;
}

export interface StoredEvent {
  interactionId: string;
  seq: number;
  type: string;
  body: Record<string, unknown>;
  clientMessageId: string | null;
  at: Date;
}

export function insertCustomer(db: Executor, customer: { name: string; email: string | null }) {
  return db
    .insertInto('customers')
    .values(customer)
    .returning(['id', 'name', 'email'])
    .executeTakeFirstOrThrow();
}

export function insertInteraction(
  db: Executor,
  interaction: {
    /** Chosen by the caller when something refers to the chat before it exists. */
    id?: string;
    channel: Channel;
    customerId: string;
    queueId: string;
    entryPointId: string | null;
    customerTokenHash: string | null;
    enqueuedAt: Date;
    /** `assistant`: the chat starts with the virtual assistant and is queued at hand-over. */
    status?: 'assistant' | 'queued';
    /** An email contact's: the address it came to, its reply token, the ended one it follows. */
    emailAddressId?: string;
    emailReplyToken?: string;
    previousInteractionId?: string | null;
  },
) {
  return db
    .insertInto('interactions')
    .values({ status: 'queued', ...interaction })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function interactionQuery(db: Executor) {
  return db
    .selectFrom('interactions as i')
    .innerJoin('customers as c', 'c.id', 'i.customerId')
    .innerJoin('queues as q', 'q.id', 'i.queueId')
    .select([
      'i.id',
      'i.channel',
      'i.status',
      'i.customerId',
      'c.name as customerName',
      'c.email as customerEmail',
      'i.queueId',
      'q.name as queueName',
      'q.channel as queueChannel',
      'i.enqueuedAt',
      'i.createdAt',
      'i.endedAt',
      'i.lastSeq',
      'i.customerConnected',
      'i.entryPointId',
      'i.assistantMisses',
      sql<boolean>`coalesce((select s.wrap_up_cancel_allowed from channel_settings s
        where s.channel = i.channel), true)`.as('wrapUpCancelAllowed'),
    ]);
}

/**
 * Reads an interaction; with `lock`, holds its row until the transaction ends. The lock and the
 * read are one statement: once the lock is granted the row is the latest committed version.
 */
export async function findInteraction(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<InteractionRow | undefined> {
  const query = interactionQuery(db).where('i.id', '=', id);
  return (options.lock ? query.forUpdate('i') : query).executeTakeFirst();
}

/**
 * What writing a message needs, in one statement: the interaction locked and read, its
 * participants, and the seq of an event already stored under `clientMessageId` (a retry).
 */
export async function findInteractionForMessage(
  tx: Executor,
  id: string,
  clientMessageId: string,
): Promise<
  | { interaction: InteractionRow; participants: ParticipantRow[]; existingSeq: number | null }
  | undefined
> {
  const row = await interactionQuery(tx)
    .select((eb) => [
      eb
        .selectFrom('interactionEvents as e')
        .select('e.seq')
        .whereRef('e.interactionId', '=', 'i.id')
        .where('e.clientMessageId', '=', clientMessageId)
        .as('existingSeq'),
      participantsJson.as('participants'),
    ])
    .where('i.id', '=', id)
    .forUpdate('i')
    .executeTakeFirst();
  if (!row) return undefined;
  const { existingSeq, participants, ...interaction } = row;
  return {
    interaction,
    existingSeq: existingSeq ?? null,
    participants: participants.map((p) => participantOf(id, p)),
  };
}

/** What writing a batch of messages needs of one interaction (see lockInteractionsForMessages). */
export interface InteractionForMessages {
  interaction: InteractionRow;
  participants: ParticipantRow[];
  /** The seq of each of the batch's clientMessageIds already stored in this interaction. */
  existing: Map<string, number>;
}

/**
 * What writing a batch of chat messages needs, in one statement: every interaction of the batch
 * locked (in id order, so two batches never wait for each other in a circle) and read, with its
 * participants and the seqs of the batch's clientMessageIds already stored in it (retries).
 */
export async function lockInteractionsForMessages(
  tx: Executor,
  messages: readonly { interactionId: string; clientMessageId: string }[],
): Promise<Map<string, InteractionForMessages>> {
  // Each interaction is looked up with only its own clientMessageIds: one index probe per
  // message, not one per message of the batch for every interaction in it.
  const pairs = new Map(messages.map((m) => [`${m.interactionId} ${m.clientMessageId}`, m]));
  const ids = [...pairs.values()].map((m) => m.interactionId);
  const clientMessageIds = [...pairs.values()].map((m) => m.clientMessageId);
  const { rows } = await tx.executeQuery<
    InteractionRow & {
      existing: { clientMessageId: string; seq: number }[];
      participants: ParticipantJson[];
    }
  >(lockForMessages.with([ids, clientMessageIds]));
  return new Map(
    rows.map(({ existing, participants, ...interaction }) => [
      interaction.id,
      {
        interaction,
        participants: participants.map((p) => participantOf(interaction.id, p)),
        existing: new Map(existing.map((e) => [e.clientMessageId, e.seq])),
      },
    ]),
  );
}

/**
 * An interaction's participations with their names, as one JSON array (`i` is the interaction).
 * Each name is read by its key: a join let the planner hash all of `users` for every
 * interaction when statistics were missing (PGlite never analyzes on its own): 1.2 ms a
 * chat message at 1,000 agents.
 */
const participantsJsonSql = `(
  select coalesce(json_agg(json_build_object(
    'id', p.id, 'userId', p.user_id,
    'displayName', (select u.display_name from users u where u.id = p.user_id), 'role', p.role,
    'joinedAt', p.joined_at, 'leftAt', p.left_at, 'releasedAt', p.released_at,
    'wrapUpDueAt', p.wrap_up_due_at)), '[]')
  from participants p
  where p.interaction_id = i.id)`;
const participantsJson = sql<ParticipantJson[]>`${sql.raw(participantsJsonSql)}`;

// lockInteractionsForMessages' statement (interactionQuery's columns), written once (issue 14).
const lockForMessages = preparedStatement(
  'sangdam_lock_for_messages',
  `select i.id, i.channel, i.status, i.customer_id, c.name as customer_name,
    c.email as customer_email, i.queue_id, q.name as queue_name, q.channel as queue_channel,
    i.enqueued_at, i.created_at, i.ended_at, i.last_seq, i.customer_connected, i.entry_point_id,
    i.assistant_misses,
    coalesce((select s.wrap_up_cancel_allowed from channel_settings s
      where s.channel = i.channel), true) as wrap_up_cancel_allowed,
    coalesce(stored.existing, '[]') as existing,
    ${participantsJsonSql} as participants
  from interactions i
    join customers c on c.id = i.customer_id
    join queues q on q.id = i.queue_id
    left join (
      select e.interaction_id, json_agg(json_build_object(
          'clientMessageId', e.client_message_id, 'seq', e.seq)) as existing
        from unnest($1::uuid[], $2::text[]) as m(interaction_id, client_message_id)
          join interaction_events e on e.interaction_id = m.interaction_id
            and e.client_message_id = m.client_message_id
        group by e.interaction_id) stored on stored.interaction_id = i.id
  where i.id = any($1::uuid[])
  order by i.id
  for update of i`,
);

function participantOf(interactionId: string, p: ParticipantJson): ParticipantRow {
  return {
    ...p,
    interactionId,
    joinedAt: new Date(p.joinedAt),
    leftAt: p.leftAt === null ? null : new Date(p.leftAt),
    releasedAt: p.releasedAt === null ? null : new Date(p.releasedAt),
    wrapUpDueAt: p.wrapUpDueAt === null ? null : new Date(p.wrapUpDueAt),
  };
}

/** A participant as json_build_object returns it: timestamps as text. */
interface ParticipantJson {
  id: string;
  userId: string;
  displayName: string;
  role: ParticipationRole;
  joinedAt: string;
  leftAt: string | null;
  releasedAt: string | null;
  wrapUpDueAt: string | null;
}

/**
 * Claims an idempotency key for a chat about to start as `interactionId`. False when the key
 * was claimed already: a concurrent claim of the same key waits for the first one's commit.
 */
export async function claimChatStart(
  db: Executor,
  start: { keyHash: string; interactionId: string; sealedToken: string },
): Promise<boolean> {
  const claimed = await db
    .insertInto('chatStarts')
    .values(start)
    .onConflict((oc) => oc.column('keyHash').doNothing())
    .returning('keyHash')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** The chat an idempotency key started, with its sealed customer token. */
export function findChatStart(db: Executor, keyHash: string) {
  return db
    .selectFrom('chatStarts')
    .select(['interactionId', 'sealedToken'])
    .where('keyHash', '=', keyHash)
    .executeTakeFirst();
}

export async function findInteractionByCustomerToken(db: Executor, tokenHash: string) {
  return interactionQuery(db).where('i.customerTokenHash', '=', tokenHash).executeTakeFirst();
}

export async function setInteractionStatus(
  db: Executor,
  id: string,
  status: InteractionStatus,
  endedAt: Date | null = null,
): Promise<void> {
  await db
    .updateTable('interactions')
    .set({ status, ...(endedAt && { endedAt }) })
    .where('id', '=', id)
    .execute();
}

/** An event as its row holds it: the type and client message id in columns, the rest the body. */
export function eventRowOf(
  interactionId: string,
  event: NewInteractionEvent,
  at: Date,
): Omit<StoredEvent, 'seq'> {
  const { type, ...fields } = event;
  const { clientMessageId = null, ...body } = fields as { clientMessageId?: string };
  return { interactionId, type, body, clientMessageId, at };
}

/**
 * Appends one event to the interaction's log with the next `seq`; only the event types of the
 * contracts can be appended. The update of `last_seq` locks the interaction row, so concurrent
 * appends are numbered without gaps or repeats; update and insert are one statement, so a refused
 * insert (a repeated clientMessageId) leaves no gap.
 */
export async function appendEvent(
  db: Executor,
  interactionId: string,
  event: NewInteractionEvent,
  at: Date,
): Promise<StoredEvent> {
  const row = eventRowOf(interactionId, event, at);
  const { type, body, clientMessageId } = row;
  const parameters = [interactionId, type, JSON.stringify(body), clientMessageId, at];
  const { rows } = await db.executeQuery<{ seq: number }>(
    CompiledQuery.raw(appendEventSql, parameters),
  );
  if (!rows[0]) throw new Error(`No interaction ${interactionId} to append to`);
  return { ...row, seq: rows[0].seq };
}

// The hottest statement (every chat message): written once, not rebuilt per call.
const appendEventSql = `with next as (
    update interactions set last_seq = last_seq + 1 where id = $1::uuid returning last_seq)
  insert into interaction_events (interaction_id, type, body, client_message_id, at, seq)
  select $1::uuid, $2::text, $3::jsonb, $4::text, $5::timestamptz, next.last_seq from next
  returning seq`;

/** One event of a batch for appendEvents. */
export interface NewEventOf {
  interactionId: string;
  event: NewInteractionEvent;
  at: Date;
}

/**
 * Appends a batch of events, to any number of interactions, in one statement: each
 * interaction's events get its next seqs in the order they come in `events`. The caller holds
 * the interactions' locks (the statement's update of `last_seq` would take them otherwise). One
 * refused row (a repeated clientMessageId, a text jsonb cannot hold) fails the whole statement:
 * nothing of the batch is stored and no seq is used. Answers the stored events in input order.
 */
export async function appendEvents(
  db: Executor,
  events: readonly NewEventOf[],
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const rows = events.map(({ interactionId, event, at }) => eventRowOf(interactionId, event, at));
  const parameters = [
    rows.map((row) => row.interactionId),
    rows.map((row) => row.type),
    rows.map((row) => JSON.stringify(row.body)),
    rows.map((row) => row.clientMessageId),
    rows.map((row) => row.at.toISOString()),
  ];
  const { rows: numbered } = await db.executeQuery<{ interactionId: string; seq: number }>(
    appendEventsStatement.with(parameters),
  );
  if (numbered.length !== rows.length) {
    const known = new Set(numbered.map((row) => row.interactionId));
    const missing = rows.find((row) => !known.has(row.interactionId))?.interactionId;
    throw new Error(`No interaction ${missing} to append to`);
  }
  // Within an interaction the seqs ascend in input order (row_number over the position).
  const seqs = new Map<string, number[]>();
  for (const { interactionId, seq } of numbered) {
    const list = seqs.get(interactionId);
    if (list) list.push(seq);
    else seqs.set(interactionId, [seq]);
  }
  for (const list of seqs.values()) list.sort((a, b) => b - a);
  return rows.map((row) => ({ ...row, seq: seqs.get(row.interactionId)!.pop()! }));
}

// The batch form of appendEventSql (issue 14): one statement whatever the batch's size.
const appendEventsStatement = preparedStatement(
  'sangdam_append_events',
  `with batch as (
    select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
      with ordinality as b(interaction_id, type, body, client_message_id, at, position)),
  counts as (select interaction_id, count(*)::int as n from batch group by interaction_id),
  bumped as (
    update interactions i set last_seq = i.last_seq + counts.n from counts
    where i.id = counts.interaction_id
    returning i.id, i.last_seq - counts.n as base)
  insert into interaction_events (interaction_id, type, body, client_message_id, at, seq)
  select b.interaction_id, b.type, b.body::jsonb, b.client_message_id, b.at::timestamptz,
    bumped.base + row_number() over (partition by b.interaction_id order by b.position)
  from batch b join bumped on bumped.id = b.interaction_id
  returning interaction_id as "interactionId", seq`,
);

export function findEventByClientMessageId(
  db: Executor,
  interactionId: string,
  clientMessageId: string,
): Promise<StoredEvent | undefined> {
  return db
    .selectFrom('interactionEvents')
    .selectAll()
    .where('interactionId', '=', interactionId)
    .where('clientMessageId', '=', clientMessageId)
    .executeTakeFirst();
}

/** Events after `afterSeq`, oldest first, at most `limit`. */
export function listEventsAfter(
  db: Executor,
  interactionId: string,
  afterSeq: number,
  limit: number,
  types?: readonly string[],
): Promise<StoredEvent[]> {
  let query = db
    .selectFrom('interactionEvents')
    .selectAll()
    .where('interactionId', '=', interactionId)
    .where('seq', '>', afterSeq);
  if (types) query = query.where('type', 'in', types);
  return query.orderBy('seq').limit(limit).execute();
}

/** One agent's time in an interaction (an agent may have several in one interaction). */
export interface ParticipantRow {
  id: string;
  interactionId: string;
  userId: string;
  displayName: string;
  role: ParticipationRole;
  joinedAt: Date;
  leftAt: Date | null;
  releasedAt: Date | null;
  /** When the default wrap-up is recorded for it, if it owes one with a deadline (R-WU-2). */
  wrapUpDueAt: Date | null;
}

/** Every participation in the interaction, in the order they began. */
export function listParticipants(db: Executor, interactionId: string): Promise<ParticipantRow[]> {
  return db
    .selectFrom('participants as p')
    .innerJoin('users as u', 'u.id', 'p.userId')
    .select([
      'p.id',
      'p.interactionId',
      'p.userId',
      'u.displayName',
      'p.role',
      'p.joinedAt',
      'p.leftAt',
      'p.releasedAt',
      'p.wrapUpDueAt',
    ])
    .where('p.interactionId', '=', interactionId)
    .orderBy('p.joinedAt')
    .orderBy('p.id')
    .execute();
}

/** A new participation; an agent has at most one open participation per interaction. */
export async function insertParticipant(
  db: Executor,
  participant: {
    interactionId: string;
    userId: string;
    role: ParticipationRole;
    joinedAt: Date;
  },
): Promise<void> {
  await db.insertInto('participants').values(participant).execute();
}

/**
 * Ends a participation; `release` also frees the agent's capacity (no wrap-up follows).
 * Otherwise a primary participation now owes its wrap-up (`owesWrapUp` in core), and the same
 * statement sets its deadline from the channel's wrap-up timeout (R-WU-2), so no way of leaving
 * can forget it. The agent's email reply drafts of the contact are discarded.
 */
export async function leaveParticipation(
  db: Executor,
  participationId: string,
  at: Date,
  release: boolean,
): Promise<void> {
  const wrapUpDueAt = sql<Date | null>`case
    when left_at is null and role = 'primary' and released_at is null
    then ${at}::timestamptz + make_interval(secs => (
      select s.wrap_up_timeout_seconds from interactions i
      join channel_settings s on s.channel = i.channel
      where i.id = participants.interaction_id))
    else wrap_up_due_at end`;
  const left = await db
    .updateTable('participants')
    .set({
      leftAt: sql`coalesce(left_at, ${at})`,
      ...(release ? { releasedAt: at } : { wrapUpDueAt }),
    })
    .where('id', '=', participationId)
    .returning(['interactionId', 'userId'])
    .executeTakeFirst();
  // R-EM-6: a draft ends when it is sent or when its writer leaves the contact (end, transfer),
  // so none outlives its writer's part in it.
  if (left) {
    await db
      .deleteFrom('emailDrafts')
      .where('interactionId', '=', left.interactionId)
      .where('userId', '=', left.userId)
      .execute();
  }
}

/** Frees the agent's capacity held by this participation (after its wrap-up). */
export async function releaseParticipation(
  db: Executor,
  participationId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('participants')
    .set({ releasedAt: at })
    .where('id', '=', participationId)
    .execute();
}

/** Interactions the agent still holds: open ones and those awaiting their wrap-up. */
export async function listHeldInteractions(
  db: Executor,
  userId: string,
): Promise<InteractionRow[]> {
  return interactionQuery(db)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('participants as p')
          .select('p.id')
          .whereRef('p.interactionId', '=', 'i.id')
          .where('p.userId', '=', userId)
          .where('p.releasedAt', 'is', null),
      ),
    )
    .orderBy('i.createdAt')
    .execute();
}

export async function recordWrapUp(
  db: Executor,
  wrapUp: {
    participationId: string;
    interactionId: string;
    userId: string;
    reasonIds: readonly string[];
    at: Date;
    automatic?: boolean;
  },
): Promise<void> {
  const { id } = await db
    .insertInto('wrapUps')
    .values({
      participationId: wrapUp.participationId,
      interactionId: wrapUp.interactionId,
      userId: wrapUp.userId,
      submittedAt: wrapUp.at,
      automatic: wrapUp.automatic ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('wrapUpSelections')
    .values(wrapUp.reasonIds.map((reasonId) => ({ wrapUpId: id, reasonId })))
    .execute();
}

export function listWrapUpSelections(db: Executor, interactionId: string) {
  return db
    .selectFrom('wrapUps as w')
    .innerJoin('wrapUpSelections as s', 's.wrapUpId', 'w.id')
    .select(['w.userId', 's.reasonId'])
    .where('w.interactionId', '=', interactionId)
    .execute();
}

/**
 * Whether `userId` may read the interaction without taking part in it: an admin any; a
 * supervisor those of their teams — in a queue one of their teams serves, or with a member of
 * one of their teams among its participants.
 */
export async function canOverseeInteraction(
  db: Executor,
  userId: string,
  interactionId: string,
): Promise<boolean> {
  const { rows } = await sql<{ allowed: boolean }>`
    select exists (
      select 1 from users u
      where u.id = ${userId} and (
        u.role = 'admin' or (u.role = 'supervisor' and exists (
          select 1 from team_members mine
          where mine.user_id = u.id and (
            exists (
              select 1 from team_queues tq join interactions i on i.queue_id = tq.queue_id
              where tq.team_id = mine.team_id and i.id = ${interactionId})
            or exists (
              select 1 from team_members tm join participants p on p.user_id = tm.user_id
              where tm.team_id = mine.team_id and p.interaction_id = ${interactionId})))))
    ) as allowed`.execute(db);
  return rows[0]?.allowed === true;
}
