import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { AdminProfile, AdminQueue, AdminTeam, AdminUser } from '@sangdam/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDelete } from './confirm-delete.tsx';
import { RowActions } from './row-actions.tsx';
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
  const [editing, setEditing] = useState<AdminTeam | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AdminTeam | null>(null);
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  const queueName = new Map(queues.map((q) => [q.id, q.name]));
  const defaultProfile = profiles.find((p) => p.isDefault)?.name ?? t('teams.profileDefault');

  return (
    <Stack gap="md">
      <Group justify="flex-end">
        {canEdit && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing('new')}
            data-testid="admin-add-team"
          >
            {t('teams.add')}
          </Button>
        )}
      </Group>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="admin-teams">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('teams.profile')}</Table.Th>
            <Table.Th>{t('teams.queues')}</Table.Th>
            <Table.Th>{t('teams.members')}</Table.Th>
            {canEdit && <Table.Th w={80} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {teams.map((team) => (
            <Table.Tr key={team.id} data-testid="admin-team-row">
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
              {canEdit && (
                <Table.Td>
                  <RowActions onEdit={() => setEditing(team)} onDelete={() => setDeleting(team)} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {teams.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {editing && (
        <TeamForm
          team={editing === 'new' ? null : editing}
          profiles={profiles}
          queues={queues}
          users={users}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDelete
        target={deleting && { name: deleting.name, path: `/teams/${deleting.id}` }}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
