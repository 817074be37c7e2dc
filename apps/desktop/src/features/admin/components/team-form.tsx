import { MultiSelect, Select, TextInput } from '@mantine/core';
import type { AdminProfile, AdminQueue, AdminTeam, AdminUser } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateTeam } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';

interface Values {
  name: string;
  profileId: string | null;
  queueIds: string[];
  memberIds: string[];
}

/** Create (team null) or edit a team: its profile, the queues it serves, its members. */
export function TeamForm({
  team,
  profiles,
  queues,
  users,
  onClose,
}: {
  team: AdminTeam | null;
  profiles: readonly AdminProfile[];
  queues: readonly AdminQueue[];
  users: readonly AdminUser[];
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { form, modal } = useEntityForm({
    initial: team ?? { name: '', profileId: null, queueIds: [], memberIds: [] },
    validate: validateTeam,
    write: (csrf, values: Values) => adminWrites.saveTeam(csrf, team?.id ?? null, values),
    onClose,
  });
  const { values } = form;
  const defaultProfile = profiles.find((p) => p.isDefault);

  return (
    <FormModal
      title={t(team ? 'teams.editTitle' : 'teams.createTitle')}
      testId="admin-team-form"
      {...modal}
    >
      <TextInput
        label={t('common.name')}
        required
        data-testid="admin-team-name"
        {...form.text('name')}
      />
      <Select
        label={t('teams.profile')}
        placeholder={
          defaultProfile
            ? `${t('teams.profileDefault')} (${defaultProfile.name})`
            : t('teams.profileDefault')
        }
        clearable
        value={values.profileId}
        onChange={(value) => form.set('profileId', value)}
        data={profiles.map((p) => ({ value: p.id, label: p.name }))}
      />
      <MultiSelect
        label={t('teams.queues')}
        searchable
        value={values.queueIds}
        onChange={(value) => form.set('queueIds', value)}
        data={queues.map((q) => ({
          value: q.id,
          label: `${q.name} · ${t(`common.${q.channel}`)}`,
        }))}
        data-testid="admin-team-queues"
      />
      <MultiSelect
        label={t('teams.members')}
        searchable
        value={values.memberIds}
        onChange={(value) => form.set('memberIds', value)}
        data={users.map((u) => ({ value: u.id, label: `${u.displayName} <${u.email}>` }))}
        maxDropdownHeight={260}
        data-testid="admin-team-members"
      />
    </FormModal>
  );
}
