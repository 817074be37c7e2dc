import type { AdminProfile, ProfileBody } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  clearDefaultProfile,
  deleteAdminProfile,
  insertAdminProfile,
  listAdminProfiles,
  lockProfile,
  updateAdminProfile,
  type Tx,
} from '@sangdam/store';
import { inTransaction, type Deps } from '../deps.ts';
import { configChanged } from '../outbox.ts';
import { requireFreeName, uniqueNameGuard } from './rules.ts';

/** R-AV-7: a profile that lets its agent take no channel at all is a mistake, not a choice. */
function requireSomeCapacity(body: ProfileBody) {
  if (body.chatCapacity + body.emailCapacity === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      'chatCapacity: give at least one channel (chat or email) a capacity above 0',
    );
  }
}

async function reread(tx: Tx, id: string): Promise<AdminProfile> {
  const [profile] = await listAdminProfiles(tx, id);
  return profile!;
}

/** Creates a multimedia profile (R-AV-2, R-AV-7); made default, it takes over the flag. */
export async function createProfile(deps: Deps, body: ProfileBody): Promise<AdminProfile> {
  requireSomeCapacity(body);
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('profiles'));
    await requireFreeName(tx, 'multimedia_profiles', body.name, null);
    if (body.isDefault) await clearDefaultProfile(tx);
    const { id } = await uniqueNameGuard('A multimedia profile', () =>
      insertAdminProfile(tx, body),
    );
    return reread(tx, id);
  });
}

/** Edits a profile; its agents' next offers follow the new mode and capacities. */
export async function updateProfile(
  deps: Deps,
  id: string,
  body: ProfileBody,
): Promise<AdminProfile> {
  requireSomeCapacity(body);
  const profile = await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('profiles'));
    const current = await lockProfile(tx, id);
    if (!current) throw new AppError('NOT_FOUND', 'This multimedia profile no longer exists');
    await requireFreeName(tx, 'multimedia_profiles', body.name, id);
    if (current.isDefault && !body.isDefault) {
      throw new AppError(
        'DEFAULT_REQUIRED',
        'One profile must stay the default: make another profile the default instead',
      );
    }
    if (body.isDefault && !current.isDefault) await clearDefaultProfile(tx);
    await uniqueNameGuard('A multimedia profile', () => updateAdminProfile(tx, id, body));
    return reread(tx, id);
  });
  deps.requestRouting();
  return profile;
}

/** Deletes a profile no team or agent uses, unless it is the default. */
export async function deleteProfile(deps: Deps, id: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('profiles'));
    const current = await lockProfile(tx, id);
    if (!current) throw new AppError('NOT_FOUND', 'This multimedia profile no longer exists');
    if (current.isDefault) {
      throw new AppError(
        'DEFAULT_REQUIRED',
        'The default profile cannot be deleted; make another profile the default first',
      );
    }
    const profile = await reread(tx, id);
    if (profile.teamCount + profile.userCount > 0) {
      throw new AppError(
        'IN_USE',
        `“${profile.name}” is used by ${profile.teamCount} team(s) and ${profile.userCount} agent(s); give them another profile first`,
      );
    }
    await deleteAdminProfile(tx, id);
  });
}

export function listProfilesForAdmin(deps: Deps): Promise<AdminProfile[]> {
  return listAdminProfiles(deps.db);
}
