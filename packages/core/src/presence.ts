import type { AgentState } from '@sangdam/contracts';
import { AppError } from './app-error.ts';

export interface PresenceState {
  state: AgentState;
  idleReasonId: string | null;
  since: Date;
  /** When the agent last became Available: the longest-available agent is offered first. */
  availableSince: Date | null;
  version: number;
}

/**
 * Who asks for a change: the agent by hand, or the system (sign-in, RONA, sign-out, an admin
 * deactivating the account, and `disconnected`: no desktop of theirs has been connected for the
 * sign-out period).
 */
export type PresenceCause =
  'agent' | 'sign-in' | 'sign-out' | 'rona' | 'deactivated' | 'disconnected';

export interface PresenceChange {
  to: AgentState;
  idleReasonId?: string | null;
  cause: PresenceCause;
}

// R-AV-1, R-AV-4..6: allowed moves per cause. RONA is reachable only by the system and only
// from Available; leaving RONA takes the agent's own choice of Available or Idle.
const allowed: Record<PresenceCause, Partial<Record<AgentState, readonly AgentState[]>>> = {
  agent: {
    idle: ['available', 'idle'],
    available: ['idle', 'available'],
    rona: ['available', 'idle'],
  },
  'sign-in': { offline: ['idle'], idle: ['idle'], available: ['available'], rona: ['rona'] },
  'sign-out': {
    idle: ['offline'],
    available: ['offline'],
    rona: ['offline'],
    offline: ['offline'],
  },
  rona: { available: ['rona'] },
  // An admin deactivating the account signs them out of routing from any state.
  deactivated: {
    idle: ['offline'],
    available: ['offline'],
    rona: ['offline'],
    offline: ['offline'],
  },
  disconnected: { idle: ['offline'], available: ['offline'], rona: ['offline'] },
};

/** The one pure transition function of agent presence. Throws INVALID_STATE_CHANGE. */
export function transitionPresence(
  current: PresenceState,
  change: PresenceChange,
  now: Date,
): PresenceState {
  const targets = allowed[change.cause][current.state] ?? [];
  if (!targets.includes(change.to)) {
    throw new AppError(
      'INVALID_STATE_CHANGE',
      change.to === 'rona'
        ? 'RONA is set by the system only'
        : `Cannot change from ${current.state} to ${change.to}`,
    );
  }
  const idleReasonId = change.to === 'idle' ? (change.idleReasonId ?? null) : null;
  if (change.to === 'idle' && change.cause === 'agent' && !idleReasonId) {
    throw new AppError('UNKNOWN_IDLE_REASON', 'Choose an idle reason');
  }
  const unchanged = current.state === change.to && current.idleReasonId === idleReasonId;
  if (unchanged) return current;
  return {
    state: change.to,
    idleReasonId,
    since: now,
    availableSince:
      change.to === 'available'
        ? current.state === 'available'
          ? current.availableSince
          : now
        : null,
    version: current.version + 1,
  };
}

/** The state a brand-new agent row starts in. */
export function initialPresence(now: Date): PresenceState {
  return { state: 'offline', idleReasonId: null, since: now, availableSince: null, version: 0 };
}
