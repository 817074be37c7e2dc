import { MultiSelect, Select } from '@mantine/core';
import type { AdminProfile, AdminTeam, AdminUser, UserRoutingBody } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { FormModal } from './form-modal.tsx';

/** An agent's teams and own multimedia profile (R-AV-2); applies from the next offer. */
export function UserRoutingForm({
  user,
  teams,
  profiles,
  onClose,
}: {
  user: AdminUser;
  teams: readonly AdminTeam[];
  profiles: readonly AdminProfile[];
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { form, modal } = useEntityForm<UserRoutingBody, never>({
    initial: { profileId: user.profileId, teamIds: user.teamIds },
    // Any teams and any profile (or none) make a valid routing.
    validate: () => ({}),
    write: (csrf, body) => adminWrites.setUserRouting(csrf, user.id, body),
    onClose,
  });
  return (
    <FormModal
      title={t('users.editTitle', { name: user.displayName })}
      testId="admin-user-form"
      {...modal}
    >
      <MultiSelect
        label={t('users.teams')}
        description={t('users.teamsHint')}
        searchable
        value={form.values.teamIds}
        onChange={(teamIds) => form.set('teamIds', teamIds)}
        data={teams.map((team) => ({ value: team.id, label: team.name }))}
        data-testid="admin-user-teams"
      />
      <Select
        label={t('users.ownProfile')}
        description={t('users.profileHint')}
        placeholder={t('users.inherited')}
        clearable
        value={form.values.profileId}
        onChange={(profileId) => form.set('profileId', profileId)}
        data={profiles.map((p) => ({ value: p.id, label: p.name }))}
        data-testid="admin-user-profile"
      />
    </FormModal>
  );
}
