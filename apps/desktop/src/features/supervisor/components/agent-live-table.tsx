import { Badge, Box, Group, Table, Text } from '@mantine/core';
import type { AgentLive } from '@sangdam/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { liveStatus, liveStatusColors, orderAgents, type LiveStatus } from '../model/live-view.ts';
import { LiveTimer } from './live-timer.tsx';

const numeric = { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } as const;

export function statusLabel(t: TFunction, agent: AgentLive, status: LiveStatus): string {
  if (status === 'engaged') return t('liveView.engaged');
  if (status === 'idle' && agent.idleReason) {
    return t('presence.idleWithReason', { reason: agent.idleReason.label });
  }
  return t(`presence.${status}`);
}

export function StatusDot({ status }: { status: LiveStatus }) {
  return (
    <Box
      component="span"
      w={10}
      h={10}
      bg={`${liveStatusColors[status]}.6`}
      style={{ borderRadius: '50%', display: 'inline-block', flexShrink: 0 }}
      aria-hidden
    />
  );
}

function Count({ value, testId }: { value: number; testId: string }) {
  return (
    <Table.Td style={numeric} data-testid={testId}>
      <Text span size="sm" c={value === 0 ? 'dimmed' : undefined}>
        {value}
      </Text>
    </Table.Td>
  );
}

/** Per agent: state with reason, time in state (ticking), open contacts per channel, offers. */
export function AgentLiveTable({ agents }: { agents: readonly AgentLive[] }) {
  const { t } = useTranslation();
  if (agents.length === 0) return <Text c="dimmed">{t('liveView.noAgents')}</Text>;
  return (
    <Table striped highlightOnHover verticalSpacing={6} fz="sm" data-testid="live-agents">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('liveView.agent')}</Table.Th>
          <Table.Th>{t('liveView.state')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.timeInState')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.chat')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.email')}</Table.Th>
          <Table.Th style={numeric}>{t('liveView.offers')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orderAgents(agents).map((agent) => {
          const status = liveStatus(agent);
          return (
            <Table.Tr
              key={agent.id}
              data-testid="live-agent-row"
              data-agent={agent.displayName}
              data-status={status}
              c={status === 'offline' ? 'dimmed' : undefined}
            >
              <Table.Td>{agent.displayName}</Table.Td>
              <Table.Td>
                <Group gap={8} wrap="nowrap">
                  <StatusDot status={status} />
                  <Text span size="sm">
                    {statusLabel(t, agent, status)}
                  </Text>
                  {agent.engaged && status !== 'engaged' && (
                    <Badge size="xs" variant="light" color={liveStatusColors.engaged}>
                      {t('liveView.engaged')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td style={numeric}>
                <LiveTimer since={agent.since} />
              </Table.Td>
              <Count value={agent.open.chat} testId="live-agent-chat" />
              <Count value={agent.open.email} testId="live-agent-email" />
              <Count value={agent.pendingOffers} testId="live-agent-offers" />
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
