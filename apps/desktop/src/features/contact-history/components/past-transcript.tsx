import { ActionIcon, Alert, Center, Group, Loader, ScrollArea, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import type { ContactHistoryEntry, User } from '@sangdam/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { TimelineEntry } from '../../conversation/components/timeline-entry.tsx';
import { buildTimeline } from '../../conversation/model/timeline.ts';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';
import { usePastTranscript } from '../hooks/use-contact-history.ts';
import { useDurationText, useStartedText } from './history-row.tsx';

/** An earlier contact's conversation, read-only, with the way back to the list. */
export function PastTranscript({
  interactionId,
  entry,
  user,
  onBack,
}: {
  interactionId: string;
  entry: ContactHistoryEntry;
  user: User;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const transcript = usePastTranscript(interactionId, entry.id);
  const items = useMemo(
    () => buildTimeline(transcript.data ?? [], [], user.id, user.displayName),
    [transcript.data, user.id, user.displayName],
  );
  return (
    <Stack gap={0} h="100%" mih={0} data-testid="past-transcript" data-interaction-id={entry.id}>
      <PastContactHeader entry={entry} onBack={onBack} />
      {transcript.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : transcript.isError ? (
        <Alert color="red" variant="light" m="md" role="alert">
          {errorText(t, transcript.error)}
        </Alert>
      ) : (
        <ScrollArea
          flex={1}
          mih={0}
          type="auto"
          scrollbars="y"
          data-testid="past-transcript-events"
        >
          <Stack gap="sm" px="sm" py="md">
            {items.map((item) => (
              <TimelineEntry
                key={item.key}
                item={item}
                filesAt={`/api/v1/interactions/${interactionId}/history/${entry.id}/attachments`}
              />
            ))}
          </Stack>
        </ScrollArea>
      )}
    </Stack>
  );
}

/** An earlier contact's heading (channel, queue, when, how long), the way back, and read-only. */
export function PastContactHeader({
  entry,
  onBack,
}: {
  entry: ContactHistoryEntry;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const started = useStartedText(entry.startedAt);
  const duration = useDurationText(entry);
  return (
    <>
      <Group
        gap="xs"
        px="xs"
        py={6}
        wrap="nowrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <ActionIcon
          variant="subtle"
          onClick={onBack}
          aria-label={t('history.back')}
          title={t('history.back')}
          data-testid="history-back"
        >
          <IconArrowLeft size={18} />
        </ActionIcon>
        <ChannelIcon channel={entry.channel} size={24} />
        <Stack gap={0} miw={0} flex={1}>
          <Text size="sm" fw={600} truncate="end">
            {entry.queue.name}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {started} · {duration}
          </Text>
        </Stack>
      </Group>
      <Group gap={4} px="md" py={4} bg="var(--mantine-color-gray-0)">
        <IconLock size={12} color="var(--mantine-color-dimmed)" />
        <Text size="xs" c="dimmed">
          {t('history.readOnly')}
        </Text>
      </Group>
    </>
  );
}
