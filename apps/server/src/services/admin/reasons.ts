import type { AdminReason, ReasonBody, ReasonKind } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  clearDefaultReason,
  deleteAdminReason,
  insertAdminReason,
  listAdminReasons,
  lockReason,
  reasonInUse,
  updateAdminReason,
} from '@sangdam/store';
import { inTransaction, type Deps } from '../deps.ts';
import { configChanged } from '../outbox.ts';
import { requireFreeName, uniqueNameGuard } from './rules.ts';

const tableOf = { 'wrap-up': 'wrap_up_reasons', idle: 'idle_reasons' } as const;
const nounOf = { 'wrap-up': 'wrap-up reason', idle: 'idle reason' } as const;

export function listReasonsForAdmin(deps: Deps, kind: ReasonKind): Promise<AdminReason[]> {
  return listAdminReasons(deps.db, kind);
}

/** Adds a wrap-up or idle reason (R-WU-1, R-AV-1); made default, it takes over the flag. */
export async function createReason(
  deps: Deps,
  kind: ReasonKind,
  body: ReasonBody,
): Promise<AdminReason> {
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged(kind === 'idle' ? 'idle-reasons' : 'wrap-up-reasons'));
    await requireFreeName(tx, tableOf[kind], body.label, null);
    if (body.isDefault) await clearDefaultReason(tx, kind);
    return uniqueNameGuard(`A ${nounOf[kind]}`, () => insertAdminReason(tx, kind, body));
  });
}

/** Edits a reason; exactly one reason of each kind stays the default (R-WU-2). */
export async function updateReason(
  deps: Deps,
  kind: ReasonKind,
  id: string,
  body: ReasonBody,
): Promise<AdminReason> {
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged(kind === 'idle' ? 'idle-reasons' : 'wrap-up-reasons'));
    const current = await lockReason(tx, kind, id);
    if (!current) throw new AppError('NOT_FOUND', `This ${nounOf[kind]} no longer exists`);
    await requireFreeName(tx, tableOf[kind], body.label, id);
    if (current.isDefault && !body.isDefault) {
      throw new AppError(
        'DEFAULT_REQUIRED',
        `One ${nounOf[kind]} must stay the default: make another one the default instead`,
      );
    }
    if (body.isDefault && !current.isDefault) await clearDefaultReason(tx, kind);
    const updated = await uniqueNameGuard(`A ${nounOf[kind]}`, () =>
      updateAdminReason(tx, kind, id, body),
    );
    return updated!;
  });
}

/** Deletes a reason that is not the default and that no past work records. */
export async function deleteReason(deps: Deps, kind: ReasonKind, id: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged(kind === 'idle' ? 'idle-reasons' : 'wrap-up-reasons'));
    const current = await lockReason(tx, kind, id);
    if (!current) throw new AppError('NOT_FOUND', `This ${nounOf[kind]} no longer exists`);
    if (current.isDefault) {
      throw new AppError(
        'DEFAULT_REQUIRED',
        `The default ${nounOf[kind]} cannot be deleted; make another one the default first`,
      );
    }
    if (await reasonInUse(tx, kind, id)) {
      throw new AppError(
        'IN_USE',
        `This ${nounOf[kind]} is recorded on past work, so it is kept; rename it instead`,
      );
    }
    await deleteAdminReason(tx, kind, id);
  });
}
