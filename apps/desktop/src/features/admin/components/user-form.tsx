import { MultiSelect, Select, TextInput } from '@mantine/core';
import type {
  AdminProfile,
  AdminTeam,
  AdminUser,
  CreatedUser,
  Role,
  UserBody,
} from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateUser } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';

const roles: readonly Role[] = ['agent', 'supervisor', 'admin'];

/**
 * Create (user null) or edit a user: sign-in email, name, role, teams and own multimedia
 * profile (R-AV-2). A new user's temporary password goes to `onCreated`, to be shown once.
 */
export function UserForm({
  user,
  teams,
  profiles,
  onClose,
  onCreated,
}: {
  user: AdminUser | null;
  teams: readonly AdminTeam[];
  profiles: readonly AdminProfile[];
  onClose: () => void;
  onCreated: (created: CreatedUser) => void;
}) {
  const { t } = useTranslation('admin');
  const self = useSignedInSession().user.id === user?.id;
  const { form, modal } = useEntityForm<
    UserBody,
    'email' | 'displayName',
    CreatedUser | { user: AdminUser }
  >({
    initial: user
      ? {
          email: user.email,
          displayName: user.displayName,
          role: user.role,
          profileId: user.profileId,
          teamIds: user.teamIds,
        }
      : { email: '', displayName: '', role: 'agent', profileId: null, teamIds: [] },
    validate: validateUser,
    write: (csrf, body) =>
      user ? adminWrites.updateUser(csrf, user.id, body) : adminWrites.createUser(csrf, body),
    onSaved: (result) => {
      if ('temporaryPassword' in result) onCreated(result);
    },
    onClose,
  });
  return (
    <FormModal
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      testId="admin-user-form"
      {...modal}
    >
      <TextInput
        label={t('users.displayName')}
        required
        data-testid="admin-user-name"
        {...form.text('displayName')}
      />
      <TextInput
        label={t('users.email')}
        description={t('users.emailHint')}
        required
        type="email"
        autoComplete="off"
        data-testid="admin-user-email"
        {...form.text('email')}
      />
      <Select
        label={t('users.role')}
        description={self ? t('users.ownRoleHint') : undefined}
        disabled={self}
        allowDeselect={false}
        value={form.values.role}
        onChange={(role) => role && form.set('role', role)}
        data={roles.map((role) => ({ value: role, label: t(`users.roles.${role}`) }))}
        data-testid="admin-user-role"
      />
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
