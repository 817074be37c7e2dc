import { Group, Table, Text } from '@mantine/core';
import type { QueueLive } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';
import { LiveTimer } from './live-timer.tsx';

const numeric = { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } as const;

/**
 * Per queue: chats still with the virtual assistant (not yet waiting), waiting, the longest
 * current wait (ticking), offered and active contacts.
 */
export function QueueLiveTable({ queues }: { queues: readonly QueueLive[] }) {
  const { t } = useTranslation();
  if (queues.length === 0) return <Text c="dimmed">{t('liveView.noQueues')}</Text>;
  return (
    <Table striped highlightOnHover verticalSpacing={6} fz="sm" data-testid="live-queues">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('liveView.queue')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.withAssistant')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.waiting')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.longestWait')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.offered')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.active')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {queues.map((row) => (
          <Table.Tr key={row.queue.id} data-testid="live-queue-row" data-queue={row.queue.name}>
            <Table.Td>
              <Group gap={8} wrap="nowrap">
                <ChannelIcon channel={row.queue.channel} size={22} />
                <Text size="sm">{row.queue.name}</Text>
              </Group>
            </Table.Td>
            <Table.Td style={numeric} data-testid="live-queue-with-assistant">
              {row.withAssistant}
            </Table.Td>
            <Table.Td style={numeric} data-testid="live-queue-waiting">
              <Text
                span
                size="sm"
                fw={row.waiting > 0 ? 700 : undefined}
                c={row.waiting > 0 ? 'orange.8' : undefined}
              >
                {row.waiting}
              </Text>
            </Table.Td>
            <Table.Td style={numeric}>
              <LiveTimer since={row.oldestWaitingSince} />
            </Table.Td>
            <Table.Td style={numeric} data-testid="live-queue-offered">
              {row.offered}
            </Table.Td>
            <Table.Td style={numeric} data-testid="live-queue-active">
              {row.active}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
