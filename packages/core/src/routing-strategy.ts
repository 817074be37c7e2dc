/** An agent the router may offer a contact to: Available, eligible, with free capacity. */
export interface RoutingCandidate {
  userId: string;
  availableSince: Date;
  /** When this agent was last offered anything (for circular routing). */
  lastOfferedAt: Date | null;
}

/** Orders eligible agents; the router offers to the first. Swappable per queue. */
export interface RoutingStrategy {
  readonly name: 'longest-available' | 'circular';
  rank(candidates: readonly RoutingCandidate[]): RoutingCandidate[];
}

const byTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? 0) - (b?.getTime() ?? 0);

/** Since when the agent has been waiting for work: becoming Available or their last offer. */
const waitingSince = (c: RoutingCandidate) =>
  c.lastOfferedAt && c.lastOfferedAt > c.availableSince ? c.lastOfferedAt : c.availableSince;

/** The agent who has waited longest for work (since Available or their last offer) goes first. */
export const longestAvailable: RoutingStrategy = {
  name: 'longest-available',
  rank: (candidates) =>
    [...candidates].sort(
      (a, b) => byTime(waitingSince(a), waitingSince(b)) || a.userId.localeCompare(b.userId),
    ),
};

/** Round robin: the agent offered least recently goes first. */
export const circular: RoutingStrategy = {
  name: 'circular',
  rank: (candidates) =>
    [...candidates].sort(
      (a, b) => byTime(a.lastOfferedAt, b.lastOfferedAt) || a.userId.localeCompare(b.userId),
    ),
};
