import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { AdminQueue, AdminTeam, ChannelSetting } from '@sangdam/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';
import { ChannelTimeouts } from './channel-timeouts.tsx';
import { ConfirmDelete } from './confirm-delete.tsx';
import { QueueForm } from './queue-form.tsx';
import { RowActions } from './row-actions.tsx';

/** Queues (R-AV-4) with the channels' offer timeouts above them. */
export function QueuesPanel({
  queues,
  teams,
  channels,
  canEdit,
}: {
  queues: readonly AdminQueue[];
  teams: readonly AdminTeam[];
  channels: readonly ChannelSetting[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const [editing, setEditing] = useState<AdminQueue | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AdminQueue | null>(null);
  const teamName = new Map(teams.map((team) => [team.id, team.name]));

  return (
    <Stack gap="md">
      <ChannelTimeouts settings={channels} canEdit={canEdit} />
      <Group justify="flex-end">
        {canEdit && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing('new')}
            data-testid="admin-add-queue"
          >
            {t('queues.add')}
          </Button>
        )}
      </Group>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="admin-queues">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('queues.channel')}</Table.Th>
            <Table.Th>{t('queues.strategy')}</Table.Th>
            <Table.Th>{t('queues.priority')}</Table.Th>
            <Table.Th>{t('queues.timeout')}</Table.Th>
            <Table.Th>{t('queues.teams')}</Table.Th>
            {canEdit && <Table.Th w={80} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {queues.map((queue) => (
            <Table.Tr key={queue.id} data-testid="admin-queue-row">
              <Table.Td fw={500}>{queue.name}</Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <ChannelIcon channel={queue.channel} size={20} />
                  <Text size="sm">{t(`common.${queue.channel}`)}</Text>
                </Group>
              </Table.Td>
              <Table.Td>{t(`queues.strategies.${queue.routingStrategy}`)}</Table.Td>
              <Table.Td>{queue.priority}</Table.Td>
              <Table.Td>
                {queue.offerTimeoutSeconds === null ? (
                  <Text size="sm" c="dimmed">
                    {t('queues.channelDefault', { count: queue.effectiveOfferTimeoutSeconds })}
                  </Text>
                ) : (
                  t('common.seconds', { count: queue.offerTimeoutSeconds })
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {queue.teamIds.map((id) => (
                    <Badge key={id} variant="light" color="gray" size="sm" tt="none">
                      {teamName.get(id)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              {canEdit && (
                <Table.Td>
                  <RowActions
                    onEdit={() => setEditing(queue)}
                    onDelete={() => setDeleting(queue)}
                  />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {queues.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {editing && (
        <QueueForm
          queue={editing === 'new' ? null : editing}
          channels={channels}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDelete
        target={deleting && { name: deleting.name, path: `/queues/${deleting.id}` }}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
