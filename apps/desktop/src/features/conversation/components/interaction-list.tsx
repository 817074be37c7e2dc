import { Badge, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { Interaction } from '@sangdam/contracts';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatElapsed } from '../../../lib/format-duration.ts';
import { useNow } from '../../../lib/use-now.ts';
import { contactTriage, type ContactTriage } from '../../../realtime/contact-triage.ts';
import { useAgentState } from '../../../realtime/realtime-context.tsx';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';

interface InteractionListProps {
  selfId: string;
  selectedId: string | null;
  onSelect: (interactionId: string) => void;
}

/** Waiting longer than this turns the timer red: someone should answer now. */
const longWaitMs = 60_000;

function WaitingTimer({ since }: { since: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const long = now - Date.parse(since) >= longWaitMs;
  return (
    <Text
      span
      size="xs"
      ff="monospace"
      c={long ? 'red.7' : 'orange.8'}
      fw={long ? 600 : 500}
      title={t('interactions.waiting')}
      aria-label={`${t('interactions.waiting')} ${formatElapsed(since, now)}`}
      data-testid="contact-waiting"
    >
      {formatElapsed(since, now)}
    </Text>
  );
}

function previewText(t: TFunction, preview: ContactTriage['preview']): string {
  if (!preview) return '';
  const text = preview.text.replace(/\s+/g, ' ');
  return preview.author === 'self' ? t('interactions.you', { text }) : text;
}

function InteractionRow({
  interaction,
  selfId,
  active,
  onSelect,
}: {
  interaction: Interaction;
  selfId: string;
  active: boolean;
  onSelect: (interactionId: string) => void;
}) {
  const { t } = useTranslation();
  const state = useAgentState((current) => current);
  const triage = useMemo(
    () => contactTriage(state, interaction.id, selfId),
    [state, interaction.id, selfId],
  );
  // The open conversation is being read right now.
  const unread = active ? 0 : triage.unread;
  return (
    <NavLink
      component="button"
      active={active}
      onClick={() => onSelect(interaction.id)}
      leftSection={<ChannelIcon channel={interaction.channel} size={28} />}
      label={
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Text size="sm" fw={unread > 0 ? 700 : 500} truncate="end" miw={0}>
            {interaction.customer.name}
          </Text>
          {triage.waitingSince && interaction.status === 'active' && (
            <WaitingTimer since={triage.waitingSince} />
          )}
        </Group>
      }
      description={
        <Text
          span
          size="xs"
          c={unread > 0 ? undefined : 'dimmed'}
          truncate="end"
          display="block"
          data-testid="contact-preview"
        >
          {previewText(t, triage.preview) || interaction.queue.name}
        </Text>
      }
      rightSection={
        <Group gap={6} wrap="nowrap">
          {interaction.wrapUpPending && (
            <Badge size="xs" color="violet" variant="light" data-testid="wrapup-badge">
              {t('interactions.wrapUp')}
            </Badge>
          )}
          {unread > 0 && (
            <Badge
              size="sm"
              circle={unread < 10}
              color="indigo"
              aria-label={t('interactions.unread', { count: unread })}
              data-testid="unread-count"
            >
              {unread}
            </Badge>
          )}
        </Group>
      }
      data-testid="interaction-item"
      data-interaction-id={interaction.id}
      styles={{
        root: { borderRadius: 'var(--mantine-radius-sm)' },
        body: { minWidth: 0 },
      }}
    />
  );
}

/** The agent's open contacts, oldest first. */
export function InteractionList({ selfId, selectedId, onSelect }: InteractionListProps) {
  const { t } = useTranslation();
  const interactions = useAgentState((state) => state.interactions);
  return (
    <Stack gap={0} flex={1} mih={0}>
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
              selfId={selfId}
              active={interaction.id === selectedId}
              onSelect={onSelect}
            />
          ))
        )}
      </ScrollArea>
    </Stack>
  );
}
