import type { AgentLive, SupervisorSnapshot } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { countStatuses, liveStatus, newerSnapshot, orderAgents } from './live-view.ts';

let next = 0;
function agent(overrides: Partial<AgentLive> = {}): AgentLive {
  next += 1;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    displayName: `Agent ${next}`,
    state: 'available',
    idleReason: null,
    since: '2026-01-01T09:00:00.000Z',
    open: { chat: 0, email: 0 },
    engaged: false,
    pendingOffers: 0,
    ...overrides,
  };
}

const snapshotAt = (at: string): SupervisorSnapshot => ({ at, queues: [], agents: [] });

describe('live view model', () => {
  it.each([
    [{ state: 'available', engaged: false }, 'available'],
    [{ state: 'available', engaged: true }, 'engaged'],
    [{ state: 'idle', engaged: true }, 'idle'],
    [{ state: 'rona', engaged: false }, 'rona'],
    [{ state: 'offline', engaged: false }, 'offline'],
  ] as const)('shows %o as %s', (input, expected) => {
    expect(liveStatus(input)).toBe(expected);
  });

  it('keeps the newer picture when an older one arrives late', () => {
    const older = snapshotAt('2026-01-01T09:00:00.000Z');
    const newer = snapshotAt('2026-01-01T09:00:01.000Z');
    expect(newerSnapshot(null, older)).toBe(older);
    expect(newerSnapshot(older, newer)).toBe(newer);
    expect(newerSnapshot(newer, older)).toBe(newer);
  });

  it('lists signed-out agents last and keeps the server’s order otherwise', () => {
    const gone = agent({ state: 'offline', displayName: 'Ann' });
    const idle = agent({ state: 'idle', displayName: 'Bo' });
    const busy = agent({ state: 'available', engaged: true, displayName: 'Cy' });
    expect(orderAgents([gone, idle, busy]).map((a) => a.displayName)).toEqual(['Bo', 'Cy', 'Ann']);
  });

  it('counts agents per shown status', () => {
    const counts = countStatuses([
      agent({ state: 'available', engaged: true }),
      agent({ state: 'available' }),
      agent({ state: 'rona' }),
      agent({ state: 'offline' }),
      agent({ state: 'offline' }),
    ]);
    expect(counts).toEqual({ available: 1, engaged: 1, idle: 0, rona: 1, offline: 2 });
  });
});
