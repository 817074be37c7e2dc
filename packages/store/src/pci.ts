import type { Channel } from '@sangdam/contracts';
import type { Executor } from './database.ts';

export interface PciPolicy {
  action: 'redact' | 'drop';
  allowUnscannableAttachments: boolean;
}

/** The admin's PCI policy for a channel (redact by default, R-PCI-2a). */
export async function loadPciPolicy(db: Executor, channel: Channel): Promise<PciPolicy> {
  const row = await db
    .selectFrom('pciPolicies')
    .select(['action', 'allowUnscannableAttachments'])
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row ?? { action: 'redact', allowUnscannableAttachments: true };
}

export async function savePciPolicy(db: Executor, channel: Channel, policy: PciPolicy) {
  await db
    .insertInto('pciPolicies')
    .values({ channel, ...policy })
    .onConflict((oc) => oc.column('channel').doUpdateSet(policy))
    .execute();
}

/** One audit record. `detail` must never hold the secret itself: types and counts only. */
export async function recordAudit(
  db: Executor,
  event: {
    at: Date;
    action: string;
    actorKind: 'customer' | 'agent' | 'system';
    actorId: string | null;
    interactionId: string | null;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto('auditEvents')
    .values({ ...event, detail: JSON.stringify(event.detail) })
    .execute();
}

export function listAuditEvents(db: Executor, interactionId: string) {
  return db
    .selectFrom('auditEvents')
    .select(['at', 'action', 'actorKind', 'actorId', 'detail'])
    .where('interactionId', '=', interactionId)
    .orderBy('id')
    .execute();
}
