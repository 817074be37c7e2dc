// Drives chat conversations at a paced or maximal rate and measures delivery latency.
// Works the same against Sangdam and the bare relay: both only expose `Conversation`s.

/** Which end of a conversation a message is pushed to. */
export type Side = 'agent' | 'customer';

/** One end of a conversation: emits a message and settles with its ack. */
export interface ChatSide {
  /** Resolves on a positive ack; rejects with a `SendError` (stable code) otherwise. */
  send(clientMessageId: string, text: string): Promise<void>;
}

export interface Conversation {
  id: string;
  customer: ChatSide;
  agent: ChatSide;
  /** The conversation's stored log, to check at the end (servers that keep one). */
  storedLog?: () => Promise<LoggedMessage[]>;
}

/** One event of a stored log: its seq, and the clientMessageId when it is a message. */
export interface LoggedMessage {
  seq: number;
  clientMessageId: string | null;
}

/** What the server side used so far (cumulative), read at both ends of the measured window. */
export interface ServerUsage {
  /** The server process's CPU, all its threads, in ms. */
  cpuMs: number;
  /** PostgreSQL's processes' CPU in ms; null when not measured (PGlite runs inside the server). */
  postgresCpuMs: number | null;
  rssMb: number;
  heapMb: number;
}

export class SendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type LoadPlan =
  | { mode: 'paced'; rate: number; seconds: number; warmupSeconds: number }
  | { mode: 'max'; seconds: number; warmupSeconds: number; inFlightPerSide: number };

export interface LoadResult {
  sent: number;
  /** Paced messages not sent because the target was already this far behind (see backlog). */
  skipped: number;
  delivered: number;
  errors: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
  /** Messages delivered per second during the measured window (steady state). */
  throughput: number;
  /** Worst delay of an emit behind its schedule (paced only): the client side falling behind. */
  scheduleLagMs: number;
  /** The server process's CPU time over wall time in the measured window (1.0 = one core). */
  serverCores: number;
  /** CPU time per message delivered in the window, in ms: the server process (all threads)… */
  serverCpuMsPerMessage: number;
  /** …PostgreSQL's processes (null: not measured)… */
  postgresCpuMsPerMessage: number | null;
  /** …and the load generator (this process: the clients). */
  clientCpuMsPerMessage: number;
  /** The server process at the end of the window. */
  serverRssMb: number;
  serverHeapMb: number;
}

// The customer and the agent say realistic things; none of it looks like card data.
const lines = [
  'Hi, I ordered a jacket last week and it still has not arrived.',
  '안녕하세요, 지난주에 주문한 상품이 아직 도착하지 않았어요.',
  'Let me check the status of that order for you.',
  '배송 조회 부탁드립니다. 감사합니다!',
  'It left our warehouse yesterday and should arrive on Friday.',
  '환불은 영업일 기준 3~5일 정도 걸립니다.',
  'Thanks a lot, that helps.',
];

const ackWaitMs = 10_000;
const drainMs = 15_000;
// A paced run stops adding to a target that is this many seconds of messages behind: it would
// only measure a growing queue, and could not drain within the run's time limit.
const backlogSeconds = 0.5;
const idPrefix = 'bench-';

/** The send timestamp travels in the message's clientMessageId: `bench-<n>-<ms>`. */
function messageId(n: number, sentAt: number): string {
  return `${idPrefix}${n}-${sentAt.toFixed(3)}`;
}

function sentAtOf(clientMessageId: string): number {
  return Number(clientMessageId.slice(clientMessageId.lastIndexOf('-') + 1));
}

/**
 * Matches pushed messages to the messages sent: each sent message is awaited on the other
 * side; the sender's own echo is ignored. Clients report every pushed message to `received`.
 */
export class DeliveryTracker {
  private readonly awaited = new Map<string, { to: Side; measured: boolean }>();
  private measuredOpen = 0;
  private latencies: number[] = [];
  /** Every message that reached its other side, warm-up included. */
  deliveries = 0;
  private drained: (() => void) | null = null;
  /** The last seq pushed to each side of each conversation (`side conversationId`). */
  private readonly lastPushed = new Map<string, number>();
  /** Pushes whose seq was not above the previous push to the same side: duplicated or reordered. */
  pushedOutOfOrder = 0;
  /** Per conversation and sending side, the bench messages in the order they were emitted. */
  private readonly emitted = new Map<string, string[]>();
  private readonly acked = new Set<string>();

  received(clientMessageId: string, side: Side, conversationId: string, seq: number): void {
    if (!clientMessageId.startsWith(idPrefix)) return;
    const key = `${side} ${conversationId}`;
    if (seq <= (this.lastPushed.get(key) ?? 0)) this.pushedOutOfOrder++;
    else this.lastPushed.set(key, seq);
    const entry = this.awaited.get(clientMessageId);
    if (!entry || entry.to !== side) return;
    const now = performance.now();
    this.awaited.delete(clientMessageId);
    this.deliveries++;
    if (!entry.measured) return;
    this.latencies.push(now - sentAtOf(clientMessageId));
    this.settleMeasured();
  }

  /** A message is emitted by `from` in the conversation (in this order). */
  emit(conversationId: string, from: Side, clientMessageId: string): void {
    const key = `${from} ${conversationId}`;
    const list = this.emitted.get(key) ?? [];
    list.push(clientMessageId);
    this.emitted.set(key, list);
  }

  /** The server acknowledged (stored) this message. */
  ack(clientMessageId: string): void {
    this.acked.add(clientMessageId);
  }

  /**
   * Checks every conversation's stored log: seqs 1, 2, 3… without gaps or repeats; every acked
   * message stored exactly once; each side's messages in the order it emitted them.
   */
  async checkLogs(conversations: readonly Conversation[]): Promise<LogCheck> {
    const check: LogCheck = {
      chats: 0,
      messages: 0,
      seqGaps: 0,
      lost: 0,
      duplicated: 0,
      reordered: 0,
    };
    await mapConcurrently(conversations, 4, async (conversation) => {
      if (!conversation.storedLog) return;
      const log = await conversation.storedLog();
      check.chats++;
      log.forEach((entry, index) => {
        if (entry.seq !== index + 1) check.seqGaps++;
      });
      const position = new Map<string, number>();
      for (const [index, entry] of log.entries()) {
        if (!entry.clientMessageId?.startsWith(idPrefix)) continue;
        if (position.has(entry.clientMessageId)) check.duplicated++;
        else position.set(entry.clientMessageId, index);
      }
      for (const from of ['customer', 'agent'] as const) {
        let previous = -1;
        for (const id of this.emitted.get(`${from} ${conversation.id}`) ?? []) {
          if (!this.acked.has(id)) continue;
          check.messages++;
          const at = position.get(id);
          if (at === undefined) check.lost++;
          else if (at < previous) check.reordered++;
          else previous = at;
        }
      }
    });
    return check;
  }

  expect(clientMessageId: string, to: Side, measured: boolean): void {
    this.awaited.set(clientMessageId, { to, measured });
    if (measured) this.measuredOpen++;
  }

  /** A message whose send failed will never arrive. */
  forget(clientMessageId: string): void {
    const entry = this.awaited.get(clientMessageId);
    if (!entry) return;
    this.awaited.delete(clientMessageId);
    if (entry.measured) this.settleMeasured();
  }

  get outstanding(): number {
    return this.awaited.size;
  }

  /** Waits (bounded) for every measured message; returns how many never arrived. */
  async drain(timeoutMs: number): Promise<number> {
    if (this.measuredOpen > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.drained = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
      this.drained = null;
    }
    const lost = this.measuredOpen;
    this.awaited.clear();
    this.measuredOpen = 0;
    return lost;
  }

  /** Hands over the measured latencies and resets for the next run. */
  takeLatencies(): number[] {
    const taken = this.latencies;
    this.latencies = [];
    return taken;
  }

  private settleMeasured() {
    this.measuredOpen--;
    if (this.measuredOpen === 0) this.drained?.();
  }
}

/** What checkLogs found: all counts but `chats` and `messages` must be 0. */
export interface LogCheck {
  chats: number;
  /** Acked messages looked for. */
  messages: number;
  seqGaps: number;
  lost: number;
  duplicated: number;
  reordered: number;
}

async function mapConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one plan over the conversations; every loop is bounded by the plan's clock. */
export async function runLoad(
  conversations: readonly Conversation[],
  tracker: DeliveryTracker,
  plan: LoadPlan,
  serverUsage: () => Promise<ServerUsage>,
): Promise<LoadResult> {
  const sides = conversations.flatMap((c) => [
    { id: c.id, side: c.customer, from: 'customer' as const, to: 'agent' as const },
    { id: c.id, side: c.agent, from: 'agent' as const, to: 'customer' as const },
  ]);
  const errors: Record<string, number> = {};
  const pendingAcks = new Set<Promise<void>>();
  let sent = 0;
  let counter = 0;
  let measuring = false;

  const sendOne = (index: number): Promise<void> => {
    const { id: conversationId, side, from, to } = sides[index % sides.length]!;
    const n = counter++;
    const sentAt = performance.now();
    const id = messageId(n, sentAt);
    tracker.expect(id, to, measuring);
    tracker.emit(conversationId, from, id);
    if (measuring) sent++;
    const countedAsMeasured = measuring;
    const ack = side
      .send(id, lines[n % lines.length]!)
      .then(() => tracker.ack(id))
      .catch((error: unknown) => {
        tracker.forget(id);
        if (!countedAsMeasured) return;
        const code = error instanceof SendError ? error.code : 'CLIENT_ERROR';
        errors[code] = (errors[code] ?? 0) + 1;
      });
    pendingAcks.add(ack);
    void ack.finally(() => pendingAcks.delete(ack));
    return ack;
  };

  const start = performance.now();
  const measureFrom = start + plan.warmupSeconds * 1000;
  const end = measureFrom + plan.seconds * 1000;
  let scheduleLag = 0;
  // The measured window: what was delivered and what CPU was spent between its two snapshots.
  const snapshot = async () => {
    const server = await serverUsage();
    return {
      at: performance.now(),
      cpu: process.cpuUsage(),
      deliveries: tracker.deliveries,
      server,
    };
  };
  let opened = snapshot();
  const beginMeasuring = () => {
    measuring = true;
    opened = snapshot();
  };
  const closing = new Promise<Awaited<ReturnType<typeof snapshot>>>((resolve) =>
    setTimeout(() => resolve(snapshot()), end - start),
  );

  let skipped = 0;
  if (plan.mode === 'paced') {
    const backlog = Math.max(100, plan.rate * backlogSeconds);
    let issued = 0;
    for (let now = start; now < end; now = performance.now()) {
      if (!measuring && now >= measureFrom) beginMeasuring();
      const due = Math.floor(((now - start) / 1000) * plan.rate);
      for (; issued < due; issued++) {
        if (tracker.outstanding >= backlog) {
          if (measuring) skipped++;
          continue;
        }
        if (measuring)
          scheduleLag = Math.max(scheduleLag, now - (start + (issued * 1000) / plan.rate));
        void sendOne(issued);
      }
      await sleep(2);
    }
  } else {
    const pump = async (index: number) => {
      while (performance.now() < end) {
        if (!measuring && performance.now() >= measureFrom) beginMeasuring();
        await sendOne(index);
      }
    };
    const pumps = [];
    for (let lane = 0; lane < plan.inFlightPerSide; lane++)
      for (let index = 0; index < sides.length; index++) pumps.push(pump(index));
    await Promise.all(pumps);
  }
  const closed = await closing;
  const first = await opened;
  measuring = false;

  const ackDeadline = performance.now() + ackWaitMs;
  while (pendingAcks.size > 0 && performance.now() < ackDeadline) await sleep(10);
  const lost = await tracker.drain(drainMs);
  if (lost > 0) errors.NOT_DELIVERED = lost;

  const latencies = tracker.takeLatencies().sort((a, b) => a - b);
  const windowMs = closed.at - first.at;
  const clientCpuMs =
    (closed.cpu.user - first.cpu.user + closed.cpu.system - first.cpu.system) / 1000;
  const serverCpuMs = closed.server.cpuMs - first.server.cpuMs;
  const postgresCpuMs =
    closed.server.postgresCpuMs === null || first.server.postgresCpuMs === null
      ? null
      : closed.server.postgresCpuMs - first.server.postgresCpuMs;
  const deliveredInWindow = Math.max(1, closed.deliveries - first.deliveries);
  return {
    sent,
    skipped,
    delivered: latencies.length,
    errors,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1) ?? 0,
    },
    throughput: deliveredInWindow / (windowMs / 1000),
    scheduleLagMs: scheduleLag,
    serverCores: serverCpuMs / windowMs,
    serverCpuMsPerMessage: serverCpuMs / deliveredInWindow,
    postgresCpuMsPerMessage: postgresCpuMs === null ? null : postgresCpuMs / deliveredInWindow,
    clientCpuMsPerMessage: clientCpuMs / deliveredInWindow,
    serverRssMb: closed.server.rssMb,
    serverHeapMb: closed.server.heapMb,
  };
}
