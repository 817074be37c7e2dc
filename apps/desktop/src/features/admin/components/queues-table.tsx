import { Group, Table, Text } from '@mantine/core';
import type { QueueRef } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';

export function QueuesTable({ queues }: { queues: readonly QueueRef[] }) {
  const { t } = useTranslation();
  if (queues.length === 0) return <Text c="dimmed">{t('admin.emptyQueues')}</Text>;
  return (
    <Table striped highlightOnHover verticalSpacing="xs" data-testid="admin-queues">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('admin.name')}</Table.Th>
          <Table.Th>{t('admin.channel')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {queues.map((queue) => (
          <Table.Tr key={queue.id}>
            <Table.Td>{queue.name}</Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <ChannelIcon channel={queue.channel} size={22} />
                <Text size="sm">{t(`offers.${queue.channel}`)}</Text>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
