import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ContactHistoryEntry } from '@sangdam/contracts';
import { IconClock, IconMailOpened } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../lib/format-duration.ts';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';

/** When a contact started, as the agent reads dates in their language. */
export function useStartedText(iso: string): string {
  const { i18n } = useTranslation();
  return new Date(iso).toLocaleString(i18n.resolvedLanguage, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** How long a contact lasted, or that it is still open. */
export function useDurationText(entry: ContactHistoryEntry): string {
  const { t } = useTranslation();
  return entry.durationSeconds === null
    ? t('history.stillOpen')
    : formatDuration(entry.durationSeconds * 1000);
}

/** One earlier contact, dense: channel, queue, start, duration, agents, wrap-up reasons. */
export function HistoryRow({
  entry,
  onOpen,
}: {
  entry: ContactHistoryEntry;
  onOpen: (entry: ContactHistoryEntry) => void;
}) {
  const { t } = useTranslation();
  const started = useStartedText(entry.startedAt);
  const duration = useDurationText(entry);
  const agents = entry.agents.map((agent) => agent.name).join(', ') || t('history.noAgent');
  return (
    <UnstyledButton
      onClick={() => onOpen(entry)}
      px="md"
      py={8}
      w="100%"
      className="history-row"
      aria-label={
        entry.channel === 'email'
          ? `${t('history.viewEmail')} · ${started}`
          : t('history.openContact', { channel: t(`offers.${entry.channel}`), started })
      }
      data-testid="history-row"
      data-interaction-id={entry.id}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ChannelIcon channel={entry.channel} size={24} />
        <Stack gap={2} miw={0} flex={1}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" fw={600} truncate="end">
              {entry.queue.name}
            </Text>
            <Group
              gap={3}
              wrap="nowrap"
              style={{ flexShrink: 0 }}
              title={t('history.duration')}
              data-testid="history-duration"
            >
              <IconClock size={12} color="var(--mantine-color-dimmed)" />
              <Text size="xs" c="dimmed" ff="monospace">
                {duration}
              </Text>
            </Group>
          </Group>
          <Text size="xs" c="dimmed" truncate="end">
            {started}
          </Text>
          <Text
            size="xs"
            truncate="end"
            title={agents}
            c={entry.agents.length ? undefined : 'dimmed'}
          >
            {agents}
          </Text>
          {entry.channel === 'email' && (
            <Group gap={4} wrap="nowrap" c="indigo.7" data-testid="history-view-email">
              <IconMailOpened size={12} />
              <Text size="xs" fw={500} c="inherit" truncate="end">
                {t('history.viewEmail')}
              </Text>
            </Group>
          )}
          {entry.wrapUpReasons.length > 0 && (
            <Group gap={4} mt={2}>
              {entry.wrapUpReasons.map((reason) => (
                <Badge key={reason.id} size="xs" variant="light" color="gray" tt="none">
                  {reason.label}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      </Group>
    </UnstyledButton>
  );
}
