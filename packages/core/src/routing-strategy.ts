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

/** The agent who has waited longest since becoming Available goes first. */
export const longestAvailable: RoutingStrategy = {
  name: 'longest-available',
  rank: (candidates) =>
    [...candidates].sort(
      (a, b) => byTime(a.availableSince, b.availableSince) || a.userId.localeCompare(b.userId),
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
