import type { SupervisorSnapshot } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { listAgentActivity, listQueueActivity, type UserRow } from '@sangdam/store';
import type { Deps } from '../deps.ts';

/** The whole live picture: two aggregate queries, whatever the number of agents and queues. */
export async function supervisorSnapshot(
  deps: Pick<Deps, 'db' | 'clock'>,
): Promise<SupervisorSnapshot> {
  const [queues, agents] = await Promise.all([
    listQueueActivity(deps.db),
    listAgentActivity(deps.db),
  ]);
  return {
    at: deps.clock().toISOString(),
    queues: queues.map((row) => ({
      queue: { id: row.id, name: row.name, channel: row.channel },
      waiting: row.waiting,
      oldestWaitingSince: row.oldestWaitingSince?.toISOString() ?? null,
      offered: row.offered,
      active: row.active,
      withAssistant: row.withAssistant,
    })),
    agents: agents.map((row) => ({
      id: row.id,
      displayName: row.displayName,
      state: row.state,
      idleReason:
        row.idleReasonId && row.idleReasonLabel
          ? { id: row.idleReasonId, label: row.idleReasonLabel }
          : null,
      since: row.since?.toISOString() ?? null,
      open: { chat: row.openChat, email: row.openEmail },
      engaged: row.openChat + row.openEmail > 0,
      pendingOffers: row.pendingOffers,
    })),
  };
}

export function canSupervise(user: Pick<UserRow, 'role'>): boolean {
  return user.role === 'supervisor' || user.role === 'admin';
}

/** The live view for a supervisor or admin; anyone else is refused with FORBIDDEN. */
export async function watchLiveView(
  deps: Pick<Deps, 'db' | 'clock'>,
  user: Pick<UserRow, 'role'>,
): Promise<SupervisorSnapshot> {
  if (!canSupervise(user)) {
    throw new AppError('FORBIDDEN', 'Only supervisors and admins can open the live view');
  }
  return supervisorSnapshot(deps);
}
