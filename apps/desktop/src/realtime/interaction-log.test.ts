import { describe, expect, it } from 'vitest';
import { emptyLog, hasGap, markSynced, mergeEvents } from './interaction-log.ts';
import { buildMessage } from './test-factories.ts';

const seqs = (log: { events: readonly { seq: number }[] }) => log.events.map((e) => e.seq);

describe('mergeEvents', () => {
  it('keeps events in seq order whatever order they arrive in', () => {
    const log = mergeEvents(emptyLog, [buildMessage(3), buildMessage(1), buildMessage(2)]);
    expect(seqs(log)).toEqual([1, 2, 3]);
    expect(log.lastSeq).toBe(3);
    expect(log.syncedSeq).toBe(3);
  });

  it('never shows an event twice when a sync replays what a push already delivered', () => {
    const pushed = mergeEvents(emptyLog, [buildMessage(1), buildMessage(2)]);
    const synced = mergeEvents(pushed, [buildMessage(2), buildMessage(3)]);
    expect(seqs(synced)).toEqual([1, 2, 3]);
  });

  it('returns the same log when nothing is new, so React skips the render', () => {
    const log = mergeEvents(emptyLog, [buildMessage(1)]);
    expect(mergeEvents(log, [buildMessage(1)])).toBe(log);
    expect(mergeEvents(log, [])).toBe(log);
  });

  it('reports a gap when a live event skips seqs, until the missing ones arrive', () => {
    const withGap = mergeEvents(emptyLog, [buildMessage(1), buildMessage(4)]);
    expect(withGap.syncedSeq).toBe(1);
    expect(hasGap(withGap)).toBe(true);
    const filled = mergeEvents(withGap, [buildMessage(2), buildMessage(3)]);
    expect(filled.syncedSeq).toBe(4);
    expect(hasGap(filled)).toBe(false);
  });
});

describe('markSynced', () => {
  it('trusts the server about seqs it never sent (e.g. events hidden from agents)', () => {
    const log = mergeEvents(emptyLog, [buildMessage(3), buildMessage(4)]);
    expect(hasGap(log)).toBe(true);
    const synced = markSynced(log, 2);
    expect(synced.syncedSeq).toBe(4);
    expect(hasGap(synced)).toBe(false);
  });

  it('never moves the synced point backwards', () => {
    const log = mergeEvents(emptyLog, [buildMessage(1), buildMessage(2)]);
    expect(markSynced(log, 0)).toBe(log);
  });
});
