import { AppError } from '@sangdam/core';
import { missingIds, nameTaken, type Executor } from '@sangdam/store';

type NamedTable = Parameters<typeof nameTaken>[1];

const what: Record<NamedTable, string> = {
  queues: 'A queue',
  teams: 'A team',
  multimedia_profiles: 'A multimedia profile',
  wrap_up_reasons: 'A wrap-up reason',
  idle_reasons: 'An idle reason',
};

/** NAME_TAKEN when another row already has this name (case and spaces ignored). */
export async function requireFreeName(
  db: Executor,
  table: NamedTable,
  name: string,
  exceptId: string | null,
): Promise<void> {
  if (await nameTaken(db, table, name, exceptId)) {
    throw new AppError('NAME_TAKEN', `${what[table]} named “${name.trim()}” already exists`);
  }
}

/** VALIDATION_FAILED naming the field when a referenced row does not exist. */
export async function requireExisting(
  db: Executor,
  table: Parameters<typeof missingIds>[1],
  ids: readonly string[],
  field: string,
): Promise<void> {
  const missing = await missingIds(db, table, ids);
  if (missing.length > 0) {
    const noun = { queues: 'queue', teams: 'team', users: 'user', multimedia_profiles: 'profile' };
    throw new AppError(
      'VALIDATION_FAILED',
      `${field}: no ${noun[table]} with id ${missing.join(', ')} (it may have been deleted)`,
    );
  }
}

/**
 * Runs a write and turns a unique violation into a stable error: two admins saving the same name
 * (or each making a different row the default) at once both pass the checks, and the
 * database's constraint decides.
 */
export async function uniqueNameGuard<T>(subject: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (typeof error !== 'object' || error === null || !('code' in error)) throw error;
    if (error.code !== '23505') throw error;
    const constraint = 'constraint' in error ? String(error.constraint) : '';
    if (constraint.endsWith('_one_default')) {
      throw new AppError('STALE_VERSION', 'The default was changed at the same time; try again');
    }
    throw new AppError('NAME_TAKEN', `${subject} with this name already exists`);
  }
}
