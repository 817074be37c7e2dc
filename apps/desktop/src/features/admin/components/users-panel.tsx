import { Badge, Group, Table, Text } from '@mantine/core';
import type { AdminProfile, AdminTeam, AdminUser } from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StateDot } from '../../presence/components/state-dot.tsx';
import { RowActions } from './row-actions.tsx';
import { UserRoutingForm } from './user-routing-form.tsx';

/** Every user with state, teams and profile; admins edit an agent's routing. */
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
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const teamName = new Map(teams.map((team) => [team.id, team.name]));
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));

  return (
    <>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="admin-users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.name')}</Table.Th>
            <Table.Th>{t('users.email')}</Table.Th>
            <Table.Th>{t('users.role')}</Table.Th>
            <Table.Th>{t('users.state')}</Table.Th>
            <Table.Th>{t('users.teams')}</Table.Th>
            <Table.Th>{t('users.profile')}</Table.Th>
            {canEdit && <Table.Th w={56} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id} data-testid="admin-user-row">
              <Table.Td fw={500}>{user.displayName}</Table.Td>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>
                <Badge variant="light" color="gray" size="sm">
                  {t(`users.roles.${user.role}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <StateDot state={user.presence.state} size={8} />
                  <Text size="sm">{tDesk(`presence.${user.presence.state}`)}</Text>
                </Group>
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
              {canEdit && (
                <Table.Td>
                  <RowActions onEdit={() => setEditing(user)} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing && (
        <UserRoutingForm
          user={editing}
          teams={teams}
          profiles={profiles}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
