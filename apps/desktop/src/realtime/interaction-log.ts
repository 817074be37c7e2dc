import type { InteractionEvent } from '@sangdam/contracts';

/**
 * The events of one interaction as this desktop has them. `syncedSeq` is the highest seq up to
 * which nothing is missing; anything above it may have gaps that `interaction:sync` fills.
 */
export interface InteractionLog {
  readonly events: readonly InteractionEvent[];
  readonly lastSeq: number;
  readonly syncedSeq: number;
}

export const emptyLog: InteractionLog = { events: [], lastSeq: 0, syncedSeq: 0 };

function advanceSynced(events: readonly InteractionEvent[], from: number): number {
  let synced = from;
  const seqs = new Set(events.map((event) => event.seq));
  while (seqs.has(synced + 1)) synced += 1;
  return synced;
}

/** Adds events by seq: a seq already held is ignored, so replays and syncs never show twice. */
export function mergeEvents(
  log: InteractionLog,
  incoming: readonly InteractionEvent[],
): InteractionLog {
  const known = new Set(log.events.map((event) => event.seq));
  const fresh: InteractionEvent[] = [];
  for (const event of incoming) {
    if (known.has(event.seq)) continue;
    known.add(event.seq);
    fresh.push(event);
  }
  if (fresh.length === 0) return log;
  const events = [...log.events, ...fresh].sort((a, b) => a.seq - b.seq);
  const lastSeq = events.at(-1)?.seq ?? 0;
  return { events, lastSeq, syncedSeq: advanceSynced(events, log.syncedSeq) };
}

/** Records that the server has sent everything up to `throughSeq`. */
export function markSynced(log: InteractionLog, throughSeq: number): InteractionLog {
  const floor = Math.max(log.syncedSeq, throughSeq);
  const syncedSeq = advanceSynced(log.events, floor);
  return syncedSeq === log.syncedSeq ? log : { ...log, syncedSeq };
}

/** True when some event above the synced point is missing. */
export function hasGap(log: InteractionLog): boolean {
  return log.lastSeq > log.syncedSeq;
}
