import { Alert, Badge, Group, Loader, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { AgentLive } from '@sangdam/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useAgentState } from '../../../realtime/realtime-context.tsx';
import { useLiveView } from '../hooks/use-live-view.ts';
import { countStatuses, type LiveStatus } from '../model/live-view.ts';
import { AgentLiveTable, StatusDot } from './agent-live-table.tsx';
import { QueueLiveTable } from './queue-live-table.tsx';

const summaryOrder: readonly LiveStatus[] = ['available', 'engaged', 'idle', 'rona', 'offline'];

function Section({
  title,
  extra,
  children,
}: {
  title: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={5}>{title}</Title>
        {extra}
      </Group>
      {children}
    </Paper>
  );
}

function StatusSummary({ agents }: { agents: readonly AgentLive[] }) {
  const { t } = useTranslation();
  const counts = countStatuses(agents);
  return (
    <Group gap="md" wrap="nowrap" data-testid="live-summary">
      {summaryOrder.map((status) => (
        <Group key={status} gap={6} wrap="nowrap">
          <StatusDot status={status} />
          <Text size="xs" c="dimmed">
            {status === 'engaged' ? t('liveView.engaged') : t(`presence.${status}`)}
          </Text>
          <Text size="xs" fw={700}>
            {counts[status]}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

/** Supervisors' live view of queues and agents; loaded on demand so agents never download it. */
export function LiveViewPage() {
  const { t } = useTranslation();
  const { snapshot, error } = useLiveView();
  // Pictures arrive only on change, so a quiet view is current as long as the socket is up.
  const connected = useAgentState((state) => state.connection === 'connected');
  return (
    <ScrollArea h="100%">
      <Stack p="lg" gap="md" maw={1200} data-testid="live-view">
        <Group justify="space-between" align="baseline">
          <Title order={3}>{t('liveView.title')}</Title>
          <Badge
            variant="dot"
            color={connected ? 'green' : 'gray'}
            data-testid="live-status"
            data-live={connected}
          >
            {connected ? t('liveView.live') : t('liveView.paused')}
          </Badge>
        </Group>
        {error && <Alert color="red">{errorText(t, error)}</Alert>}
        {snapshot ? (
          <>
            <Section title={t('liveView.queues')}>
              <QueueLiveTable queues={snapshot.queues} />
            </Section>
            <Section
              title={t('liveView.agents')}
              extra={<StatusSummary agents={snapshot.agents} />}
            >
              <AgentLiveTable agents={snapshot.agents} />
            </Section>
          </>
        ) : (
          !error && <Loader size="sm" aria-label={t('app.loading')} />
        )}
      </Stack>
    </ScrollArea>
  );
}
