import { Badge, Box, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { Interaction } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { hasUnread } from '../../../realtime/agent-state.ts';
import { useAgentState } from '../../../realtime/realtime-context.tsx';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';

interface InteractionListProps {
  selectedId: string | null;
  onSelect: (interactionId: string) => void;
}

function InteractionRow({
  interaction,
  active,
  onSelect,
}: {
  interaction: Interaction;
  active: boolean;
  onSelect: (interactionId: string) => void;
}) {
  const { t } = useTranslation();
  const unread = useAgentState((state) => !active && hasUnread(state, interaction.id));
  return (
    <NavLink
      component="button"
      active={active}
      onClick={() => onSelect(interaction.id)}
      leftSection={<ChannelIcon channel={interaction.channel} size={28} />}
      label={
        <Text size="sm" fw={unread ? 700 : 500} truncate="end">
          {interaction.customer.name}
        </Text>
      }
      description={interaction.queue.name}
      rightSection={
        <Group gap={6} wrap="nowrap">
          {interaction.wrapUpPending && (
            <Badge size="xs" color="violet" variant="light" data-testid="wrapup-badge">
              {t('interactions.wrapUp')}
            </Badge>
          )}
          {unread && (
            <Box
              w={8}
              h={8}
              bg="indigo.6"
              style={{ borderRadius: '50%' }}
              aria-label={t('interactions.unread')}
              data-testid="unread-dot"
            />
          )}
        </Group>
      }
      data-testid="interaction-item"
      data-interaction-id={interaction.id}
      styles={{ root: { borderRadius: 'var(--mantine-radius-sm)' } }}
    />
  );
}

/** The agent's open contacts, oldest first. */
export function InteractionList({ selectedId, onSelect }: InteractionListProps) {
  const { t } = useTranslation();
  const interactions = useAgentState((state) => state.interactions);
  return (
    <Stack gap={0} h="100%">
      <Group justify="space-between" px="md" pt="md" pb="xs">
        <Title order={6} tt="uppercase" c="dimmed" fz="xs">
          {t('interactions.title')}
        </Title>
        <Badge size="sm" variant="default">
          {interactions.length}
        </Badge>
      </Group>
      <ScrollArea flex={1} px="xs" data-testid="interaction-list">
        {interactions.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="md">
            {t('interactions.empty')}
          </Text>
        ) : (
          interactions.map((interaction) => (
            <InteractionRow
              key={interaction.id}
              interaction={interaction}
              active={interaction.id === selectedId}
              onSelect={onSelect}
            />
          ))
        )}
      </ScrollArea>
    </Stack>
  );
}
