import { MultiSelect, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AdminProfile, AdminTeam, AdminUser, UserRoutingBody } from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
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
  const [values, setValues] = useState<UserRoutingBody>({
    profileId: user.profileId,
    teamIds: user.teamIds,
  });
  const save = useAdminWrite((csrf, body: UserRoutingBody) =>
    adminWrites.setUserRouting(csrf, user.id, body),
  );
  return (
    <FormModal
      title={t('users.editTitle', { name: user.displayName })}
      opened
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
      testId="admin-user-form"
      onSubmit={() =>
        save.mutate(values, {
          onSuccess: () => {
            notifications.show({ message: t('common.saved') });
            onClose();
          },
        })
      }
    >
      <MultiSelect
        label={t('users.teams')}
        description={t('users.teamsHint')}
        searchable
        value={values.teamIds}
        onChange={(teamIds) => setValues((current) => ({ ...current, teamIds }))}
        data={teams.map((team) => ({ value: team.id, label: team.name }))}
        data-testid="admin-user-teams"
      />
      <Select
        label={t('users.ownProfile')}
        description={t('users.profileHint')}
        placeholder={t('users.inherited')}
        clearable
        value={values.profileId}
        onChange={(profileId) => setValues((current) => ({ ...current, profileId }))}
        data={profiles.map((p) => ({ value: p.id, label: p.name }))}
        data-testid="admin-user-profile"
      />
    </FormModal>
  );
}
