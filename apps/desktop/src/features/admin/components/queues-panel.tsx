import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { AdminQueue, AdminTeam, ChannelSetting } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';
import { ChannelAttachments } from './channel-attachments.tsx';
import { ChannelTimeouts } from './channel-timeouts.tsx';
import { EntityTablePanel } from './entity-table-panel.tsx';
import { QueueForm } from './queue-form.tsx';

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
  const teamName = new Map(teams.map((team) => [team.id, team.name]));

  return (
    <Stack gap="md">
      <ChannelTimeouts settings={channels} canEdit={canEdit} />
      <ChannelAttachments settings={channels} canEdit={canEdit} />
      <EntityTablePanel
        items={queues}
        canEdit={canEdit}
        addLabel={t('queues.add')}
        testIds={{ add: 'admin-add-queue', table: 'admin-queues', row: 'admin-queue-row' }}
        head={
          <>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('queues.channel')}</Table.Th>
            <Table.Th>{t('queues.strategy')}</Table.Th>
            <Table.Th>{t('queues.priority')}</Table.Th>
            <Table.Th>{t('queues.timeout')}</Table.Th>
            <Table.Th>{t('queues.teams')}</Table.Th>
          </>
        }
        cells={(queue) => (
          <>
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
          </>
        )}
        deleteTarget={(queue) => ({ name: queue.name, path: `/queues/${queue.id}` })}
        form={(queue, onClose) => <QueueForm queue={queue} channels={channels} onClose={onClose} />}
      />
    </Stack>
  );
}
