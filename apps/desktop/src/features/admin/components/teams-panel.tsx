import { Badge, Group, Table, Text } from '@mantine/core';
import type { AdminProfile, AdminQueue, AdminTeam, AdminUser } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { EntityTablePanel } from './entity-table-panel.tsx';
import { TeamForm } from './team-form.tsx';

/** Teams: which queues they serve, who is in them, which profile they work on. */
export function TeamsPanel({
  teams,
  profiles,
  queues,
  users,
  canEdit,
}: {
  teams: readonly AdminTeam[];
  profiles: readonly AdminProfile[];
  queues: readonly AdminQueue[];
  users: readonly AdminUser[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  const queueName = new Map(queues.map((q) => [q.id, q.name]));
  const defaultProfile = profiles.find((p) => p.isDefault)?.name ?? t('teams.profileDefault');

  return (
    <EntityTablePanel
      items={teams}
      canEdit={canEdit}
      addLabel={t('teams.add')}
      testIds={{ add: 'admin-add-team', table: 'admin-teams', row: 'admin-team-row' }}
      head={
        <>
          <Table.Th>{t('common.name')}</Table.Th>
          <Table.Th>{t('teams.profile')}</Table.Th>
          <Table.Th>{t('teams.queues')}</Table.Th>
          <Table.Th>{t('teams.members')}</Table.Th>
        </>
      }
      cells={(team) => (
        <>
          <Table.Td fw={500}>{team.name}</Table.Td>
          <Table.Td>
            {team.profileId ? (
              profileName.get(team.profileId)
            ) : (
              <Text size="sm" c="dimmed">
                {defaultProfile}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Group gap={4}>
              {team.queueIds.map((id) => (
                <Badge key={id} variant="light" color="gray" size="sm" tt="none">
                  {queueName.get(id)}
                </Badge>
              ))}
            </Group>
          </Table.Td>
          <Table.Td>{t('teams.membersCount', { count: team.memberIds.length })}</Table.Td>
        </>
      )}
      deleteTarget={(team) => ({ name: team.name, path: `/teams/${team.id}` })}
      form={(team, onClose) => (
        <TeamForm team={team} profiles={profiles} queues={queues} users={users} onClose={onClose} />
      )}
    />
  );
}
