import type { AdminProfile, ProfileBody } from '@sangdam/contracts';
import type { Executor } from './database.ts';

/** Multimedia profiles with how many teams and agents use each. */
export async function listAdminProfiles(db: Executor, id?: string): Promise<AdminProfile[]> {
  let query = db
    .selectFrom('multimediaProfiles as p')
    .select(['p.id', 'p.name', 'p.mode', 'p.chatCapacity', 'p.emailCapacity', 'p.isDefault'])
    .select((eb) => [
      eb
        .selectFrom('teams')
        .select((t) => t.fn.countAll<string>().as('n'))
        .whereRef('profileId', '=', 'p.id')
        .as('teamCount'),
      eb
        .selectFrom('users')
        .select((u) => u.fn.countAll<string>().as('n'))
        .whereRef('profileId', '=', 'p.id')
        .as('userCount'),
    ])
    .orderBy('p.name');
  if (id) query = query.where('p.id', '=', id);
  const rows = await query.execute();
  return rows.map((row) => ({
    ...row,
    teamCount: Number(row.teamCount),
    userCount: Number(row.userCount),
  }));
}

/** Takes the default flag from whichever profile has it (one default at a time). */
export async function clearDefaultProfile(db: Executor): Promise<void> {
  await db
    .updateTable('multimediaProfiles')
    .set({ isDefault: false })
    .where('isDefault', '=', true)
    .execute();
}

export function insertAdminProfile(db: Executor, profile: ProfileBody) {
  return db
    .insertInto('multimediaProfiles')
    .values(profile)
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateAdminProfile(db: Executor, id: string, profile: ProfileBody) {
  const result = await db
    .updateTable('multimediaProfiles')
    .set(profile)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteAdminProfile(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('multimediaProfiles').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Locks the profile row so a concurrent edit cannot slip between a check and a write. */
export function lockProfile(db: Executor, id: string) {
  return db
    .selectFrom('multimediaProfiles')
    .select(['id', 'isDefault'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}
