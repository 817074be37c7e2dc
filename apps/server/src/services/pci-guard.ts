import type { Channel } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { redactText, summarizeFindings } from '@sangdam/pci';
import { loadPciPolicy, recordAudit, type Executor } from '@sangdam/store';
import type { Deps } from './deps.ts';

type AuditRecord = Parameters<typeof recordAudit>[1];

/** The drop policy refused a text; its audit record is written once the transaction is gone. */
export class SensitiveTextBlocked extends AppError {
  constructor(readonly audit: AuditRecord) {
    super(
      'MESSAGE_BLOCKED_SENSITIVE',
      'Your message was not sent because it contained card or personal data',
    );
  }
}

/**
 * Runs a use case that guards text; when the drop policy refused it, records the audit after the
 * use case's transaction rolled back (writing inside it would be rolled back too).
 */
export async function auditingBlockedText<T>(
  deps: Pick<Deps, 'db'>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SensitiveTextBlocked) await recordAudit(deps.db, error.audit);
    throw error;
  }
}

export interface GuardedText {
  text: string;
  /** Finding types masked in `text`; empty when nothing sensitive was found. */
  redactedTypes: string[];
}

interface Where {
  channel: Channel;
  field: string;
  actor: { kind: 'customer' | 'agent' | 'system'; id: string | null };
  interactionId: string | null;
}

/**
 * R-PCI-1…4: every inbound text passes here before it is stored, logged or pushed. Per the
 * channel's policy the card or personal data is masked, or the whole text is refused; either
 * way an audit record says who, where, which types and how many — never the data itself.
 */
export async function guardText(
  deps: Pick<Deps, 'clock'>,
  tx: Executor,
  text: string,
  where: Where,
): Promise<GuardedText> {
  const { text: redacted, findings } = redactText(text);
  if (findings.length === 0) return { text, redactedTypes: [] };
  const counts = Object.fromEntries(
    Object.entries(summarizeFindings(findings)).filter(([, count]) => count > 0),
  );
  const policy = await loadPciPolicy(tx, where.channel);
  const audit = {
    at: deps.clock(),
    actorKind: where.actor.kind,
    actorId: where.actor.id,
    interactionId: where.interactionId,
    detail: { channel: where.channel, field: where.field, findings: counts },
  };
  if (policy.action === 'drop') throw new SensitiveTextBlocked({ ...audit, action: 'pci.dropped' });
  await recordAudit(tx, { ...audit, action: 'pci.redacted' });
  return { text: redacted, redactedTypes: Object.keys(counts) };
}
