import { Badge, Group, Table, Text } from '@mantine/core';
import type { AdminProfile, AdminTeam, AdminUser } from '@sangdam/contracts';
import { IconKey, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { StateDot } from '../../presence/components/state-dot.tsx';
import { ConfirmUserAction, type UserAction } from './confirm-user-action.tsx';
import { EntityTablePanel } from './entity-table-panel.tsx';
import { RowAction } from './row-actions.tsx';
import { TemporaryPassword } from './temporary-password.tsx';
import { UserForm } from './user-form.tsx';

/**
 * Every user with state, teams and profile. Admins add users (who get a temporary password),
 * edit them, reset passwords and deactivate or reactivate accounts.
 */
export function UsersPanel({
  users,
  teams,
  profiles,
  canEdit,
}: {
  users: readonly AdminUser[];
  teams: readonly AdminTeam[];
  profiles: readonly AdminProfile[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const { t: tDesk } = useTranslation();
  const selfId = useSignedInSession().user.id;
  const [confirming, setConfirming] = useState<{ user: AdminUser; action: UserAction } | null>(
    null,
  );
  const [password, setPassword] = useState<{
    name: string;
    email: string;
    password: string;
  } | null>(null);
  const teamName = new Map(teams.map((team) => [team.id, team.name]));
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  const show = (user: Pick<AdminUser, 'displayName' | 'email'>, temporary: string) =>
    setPassword({ name: user.displayName, email: user.email, password: temporary });

  return (
    <>
      <EntityTablePanel
        items={users}
        canEdit={canEdit}
        addLabel={t('users.add')}
        testIds={{ add: 'admin-add-user', table: 'admin-users', row: 'admin-user-row' }}
        head={
          <>
            <Table.Th>{t('users.name')}</Table.Th>
            <Table.Th>{t('users.email')}</Table.Th>
            <Table.Th>{t('users.role')}</Table.Th>
            <Table.Th>{t('users.state')}</Table.Th>
            <Table.Th>{t('users.teams')}</Table.Th>
            <Table.Th>{t('users.profile')}</Table.Th>
          </>
        }
        cells={(user) => (
          <>
            <Table.Td fw={500} c={user.active ? undefined : 'dimmed'}>
              {user.displayName}
            </Table.Td>
            <Table.Td c={user.active ? undefined : 'dimmed'}>{user.email}</Table.Td>
            <Table.Td>
              <Badge variant="light" color="gray" size="sm">
                {t(`users.roles.${user.role}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              {user.active ? (
                <Group gap={6} wrap="nowrap">
                  <StateDot state={user.presence.state} size={8} />
                  <Text size="sm">{tDesk(`presence.${user.presence.state}`)}</Text>
                </Group>
              ) : (
                <Badge variant="light" color="red" size="sm" data-testid="admin-user-deactivated">
                  {t('users.deactivated')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {user.teamIds.map((id) => (
                  <Badge key={id} variant="light" color="indigo" size="sm" tt="none">
                    {teamName.get(id)}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>
              {user.profileId ? (
                profileName.get(user.profileId)
              ) : (
                <Text size="sm" c="dimmed">
                  {t('users.inherited')}
                </Text>
              )}
            </Table.Td>
          </>
        )}
        rowActions={(user) => (
          <>
            <RowAction
              label={t('users.resetPassword')}
              color="gray"
              icon={<IconKey size={16} />}
              onClick={() => setConfirming({ user, action: 'resetPassword' })}
              testId="admin-user-reset-password"
            />
            {user.id !== selfId &&
              (user.active ? (
                <RowAction
                  label={t('users.deactivate')}
                  color="red"
                  icon={<IconUserOff size={16} />}
                  onClick={() => setConfirming({ user, action: 'deactivate' })}
                  testId="admin-user-deactivate"
                />
              ) : (
                <RowAction
                  label={t('users.reactivate')}
                  color="indigo"
                  icon={<IconUserCheck size={16} />}
                  onClick={() => setConfirming({ user, action: 'reactivate' })}
                  testId="admin-user-reactivate"
                />
              ))}
          </>
        )}
        form={(user, onClose) => (
          <UserForm
            user={user}
            teams={teams}
            profiles={profiles}
            onClose={onClose}
            onCreated={(created) => show(created.user, created.temporaryPassword)}
          />
        )}
      />
      <ConfirmUserAction
        target={confirming}
        onClose={() => setConfirming(null)}
        onPassword={show}
      />
      <TemporaryPassword shown={password} onClose={() => setPassword(null)} />
    </>
  );
}
