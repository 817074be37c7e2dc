import { describe, expect, it } from 'vitest';
import { circular, longestAvailable, type RoutingCandidate } from './routing-strategy.ts';

const candidate = (userId: string, availableMin: number, offeredMin: number | null) => ({
  userId,
  availableSince: new Date(Date.UTC(2026, 0, 1, 9, availableMin)),
  lastOfferedAt: offeredMin === null ? null : new Date(Date.UTC(2026, 0, 1, 9, offeredMin)),
});

const agents: RoutingCandidate[] = [
  candidate('b', 10, 30),
  candidate('a', 5, 40),
  candidate('c', 20, null),
];

describe('routing strategies', () => {
  it('offers first to the agent waiting longest since becoming available or their last offer', () => {
    expect(longestAvailable.rank(agents).map((a) => a.userId)).toEqual(['c', 'b', 'a']);
    const fresh = [candidate('x', 5, null), candidate('y', 10, null)];
    expect(longestAvailable.rank(fresh).map((a) => a.userId)).toEqual(['x', 'y']);
  });

  it('offers first to the agent offered least recently when circular', () => {
    expect(circular.rank(agents).map((a) => a.userId)).toEqual(['c', 'b', 'a']);
  });
});
