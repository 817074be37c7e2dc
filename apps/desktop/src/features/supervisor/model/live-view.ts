import type { AgentLive, SupervisorSnapshot } from '@sangdam/contracts';
import { stateColors } from '../../../app/theme.ts';

/** What the live view shows for an agent: "Engaged" is an Available agent holding contacts. */
export type LiveStatus = 'available' | 'engaged' | 'idle' | 'rona' | 'offline';

export const liveStatusColors: Record<LiveStatus, string> = stateColors;

export function liveStatus(agent: Pick<AgentLive, 'state' | 'engaged'>): LiveStatus {
  return agent.state === 'available' && agent.engaged ? 'engaged' : agent.state;
}

/** The newer of two pictures: a subscription's answer and a push may cross on the wire. */
export function newerSnapshot(
  current: SupervisorSnapshot | null,
  incoming: SupervisorSnapshot,
): SupervisorSnapshot {
  if (current && Date.parse(current.at) > Date.parse(incoming.at)) return current;
  return incoming;
}

/** Signed-in agents first, then those signed out; by name within each (the server's order). */
export function orderAgents(agents: readonly AgentLive[]): AgentLive[] {
  return [...agents].sort((a, b) => Number(a.state === 'offline') - Number(b.state === 'offline'));
}

/** How many agents show each status, for the summary above the table. */
export function countStatuses(agents: readonly AgentLive[]): Record<LiveStatus, number> {
  const counts: Record<LiveStatus, number> = {
    available: 0,
    engaged: 0,
    idle: 0,
    rona: 0,
    offline: 0,
  };
  for (const agent of agents) counts[liveStatus(agent)] += 1;
  return counts;
}
