import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconRefresh, IconSearch } from '@tabler/icons-react';
import type { HandOverTargets, Interaction } from '@sangdam/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { filterByWords } from '../../../lib/filter-by-words.ts';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';

export type HandOverMode = 'transfer' | 'conference';
type Target = { kind: 'queue'; queueId: string } | { kind: 'agent'; userId: string };

interface HandOverDialogProps {
  interaction: Interaction;
  mode: HandOverMode | null;
  onClose: () => void;
}

/**
 * R-CH-8/R-EM-9 (Transfer: a queue or, for chats, an agent) and R-CH-10 (Conference: an agent):
 * searchable lists with a refresh button; agents show whether they can take the contact now.
 */
export function HandOverDialog({ interaction, mode, onClose }: HandOverDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={mode !== null}
      onClose={onClose}
      title={
        <Text fw={600}>
          {t(mode === 'conference' ? 'handOver.conferenceTitle' : 'handOver.transferTitle')}
        </Text>
      }
      size="md"
      centered
      attributes={{ content: { 'data-testid': 'hand-over-dialog' } }}
    >
      {mode && <HandOverForm interaction={interaction} mode={mode} onClose={onClose} />}
    </Modal>
  );
}

function HandOverForm({
  interaction,
  mode,
  onClose,
}: {
  interaction: Interaction;
  mode: HandOverMode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const connection = useAgentConnection();
  const agentsOnly = mode === 'conference';
  // R-EM-9: an email goes to a queue only.
  const queuesOnly = interaction.channel === 'email';
  const [tab, setTab] = useState<'queue' | 'agent'>(agentsOnly ? 'agent' : 'queue');
  const [query, setQuery] = useState('');
  const [target, setTarget] = useState<Target | null>(null);
  const targets = useQuery({
    queryKey: ['hand-over-targets', interaction.id],
    queryFn: () => connection.handOverTargets(interaction.id),
    staleTime: 0,
  });
  const submit = useMutation({
    mutationFn: async (chosen: Target) => {
      if (mode === 'conference' && chosen.kind === 'agent') {
        await connection.inviteToConference(interaction.id, chosen.userId);
      } else await connection.transfer(interaction.id, chosen);
    },
    onSuccess: onClose,
  });

  const list = targets.data ? (
    tab === 'queue' ? (
      <QueueList queues={targets.data.queues} query={query} target={target} onPick={setTarget} />
    ) : (
      <AgentList agents={targets.data.agents} query={query} target={target} onPick={setTarget} />
    )
  ) : targets.isError ? (
    <Alert color="red">{errorText(t, targets.error)}</Alert>
  ) : (
    <Loader size="sm" />
  );

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t(
          mode === 'conference'
            ? 'handOver.conferenceHint'
            : queuesOnly
              ? 'handOver.transferHintEmail'
              : 'handOver.transferHint',
          { name: interaction.customer.name },
        )}
      </Text>
      {!agentsOnly && (
        <Tabs
          value={tab}
          onChange={(value) => {
            setTab(value === 'agent' ? 'agent' : 'queue');
            setTarget(null);
          }}
        >
          <Tabs.List>
            <Tabs.Tab value="queue" data-testid="hand-over-tab-queue">
              {t('handOver.queues')}
            </Tabs.Tab>
            {!queuesOnly && (
              <Tabs.Tab value="agent" data-testid="hand-over-tab-agent">
                {t('handOver.agents')}
              </Tabs.Tab>
            )}
          </Tabs.List>
        </Tabs>
      )}
      <Group gap="xs" wrap="nowrap">
        <TextInput
          flex={1}
          placeholder={t(tab === 'queue' ? 'handOver.searchQueues' : 'handOver.searchAgents')}
          aria-label={t(tab === 'queue' ? 'handOver.searchQueues' : 'handOver.searchAgents')}
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          data-testid="hand-over-search"
          data-autofocus
        />
        <Tooltip label={t('handOver.refresh')} withArrow>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('handOver.refresh')}
            loading={targets.isFetching}
            onClick={() => void targets.refetch()}
            data-testid="hand-over-refresh"
          >
            <IconRefresh size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <ScrollArea.Autosize mah={300} type="auto">
        {list}
      </ScrollArea.Autosize>
      {submit.isError && (
        <Alert color="red" variant="light" role="alert">
          {errorText(t, submit.error)}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          {t('handOver.cancel')}
        </Button>
        <Button
          disabled={target === null}
          loading={submit.isPending}
          onClick={() => target && submit.mutate(target)}
          data-testid="hand-over-submit"
        >
          {t(mode === 'conference' ? 'handOver.invite' : 'handOver.transfer')}
        </Button>
      </Group>
    </Stack>
  );
}

function Row({
  selected,
  onPick,
  children,
  testId,
  label,
}: {
  selected: boolean;
  onPick: () => void;
  children: React.ReactNode;
  testId: string;
  label: string;
}) {
  return (
    <UnstyledButton
      onClick={onPick}
      role="radio"
      aria-checked={selected}
      data-testid={testId}
      data-label={label}
      px="sm"
      py={6}
      w="100%"
      style={{
        borderRadius: 'var(--mantine-radius-sm)',
        background: selected ? 'var(--mantine-color-indigo-light)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        {children}
      </Group>
    </UnstyledButton>
  );
}

function Empty() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" px="sm">
      {t('handOver.noMatch')}
    </Text>
  );
}

function QueueList({
  queues,
  query,
  target,
  onPick,
}: {
  queues: HandOverTargets['queues'];
  query: string;
  target: Target | null;
  onPick: (target: Target) => void;
}) {
  const { t } = useTranslation();
  const visible = filterByWords(queues, query, (queue) => queue.name);
  if (visible.length === 0) return <Empty />;
  return (
    <Stack gap={2} role="radiogroup" aria-label={t('handOver.queues')}>
      {visible.map((queue) => (
        <Row
          key={queue.id}
          selected={target?.kind === 'queue' && target.queueId === queue.id}
          onPick={() => onPick({ kind: 'queue', queueId: queue.id })}
          testId="hand-over-queue"
          label={queue.name}
        >
          <Text size="sm" truncate="end">
            {queue.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {t('handOver.waiting', { count: queue.waiting })}
          </Text>
        </Row>
      ))}
    </Stack>
  );
}

function AgentList({
  agents,
  query,
  target,
  onPick,
}: {
  agents: HandOverTargets['agents'];
  query: string;
  target: Target | null;
  onPick: (target: Target) => void;
}) {
  const { t } = useTranslation();
  const visible = filterByWords(agents, query, (agent) => agent.name);
  if (visible.length === 0) return <Empty />;
  return (
    <Stack gap={2} role="radiogroup" aria-label={t('handOver.agents')}>
      {visible.map((agent) => (
        <Row
          key={agent.id}
          selected={target?.kind === 'agent' && target.userId === agent.id}
          onPick={() => onPick({ kind: 'agent', userId: agent.id })}
          testId="hand-over-agent"
          label={agent.name}
        >
          <Text size="sm" truncate="end">
            {agent.name}
          </Text>
          <Badge
            variant="dot"
            color={agent.canTake ? 'teal' : 'gray'}
            size="sm"
            style={{ flexShrink: 0 }}
            data-can-take={agent.canTake}
          >
            {agent.canTake ? t('handOver.canTake') : t(`presence.${agent.state}`)}
          </Badge>
        </Row>
      ))}
    </Stack>
  );
}
