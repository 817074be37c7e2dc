import { Alert, Button, Divider, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { formatFileSize, type AttachmentRef } from '@sangdam/contracts';
import {
  IconAlertCircle,
  IconDoorExit,
  IconFileDownload,
  IconFileOff,
  IconRefresh,
  IconRobot,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';
import type { MessageRole, Notice, TimelineItem } from '../model/timeline.ts';
import { LinkedText } from './linked-text.tsx';

const bubbleColors: Record<MessageRole, string> = {
  self: 'var(--mantine-color-indigo-light)',
  customer: 'var(--mantine-color-gray-1)',
  bot: 'var(--mantine-color-teal-light)',
  agent: 'var(--mantine-color-gray-1)',
};

function noticeText(t: TFunction, notice: Notice): string {
  switch (notice.type) {
    case 'chat-started':
      return t('conversation.chatStarted', { name: notice.name });
    case 'queued':
      return t('conversation.queued', { queue: notice.queue });
    case 'agent-joined':
      return t(notice.conference ? 'conversation.conferenceJoined' : 'conversation.agentJoined', {
        name: notice.name,
      });
    case 'agent-left':
      return t(
        notice.reason === 'conference-ended'
          ? 'conversation.conferenceLeft'
          : notice.reason === 'transferred'
            ? 'conversation.agentTransferredAway'
            : 'conversation.agentLeft',
        { name: notice.name },
      );
    case 'transferred':
      return 'queue' in notice.to
        ? t('conversation.transferredToQueue', { by: notice.by, queue: notice.to.queue })
        : t('conversation.transferredToAgent', { by: notice.by, name: notice.to.agent });
    case 'conference-requested':
      return t('conversation.conferenceRequested', { by: notice.by, name: notice.name });
    case 'conference-cancelled':
      return t(
        notice.expired ? 'conversation.conferenceUnanswered' : 'conversation.conferenceWithdrawn',
        { name: notice.name },
      );
    case 'handed-over':
      return t(
        notice.reason === 'asked'
          ? 'conversation.handedOverAsked'
          : notice.reason === 'no-match'
            ? 'conversation.handedOverNoMatch'
            : 'conversation.handedOverNoAnswers',
      );
    case 'customer-left':
      return t('conversation.customerLeft');
    case 'ended':
      if (notice.reason === 'customer-away') return t('conversation.endedCustomerAway');
      if (notice.reason === 'transfer-unanswered') return t('conversation.endedTransferUnanswered');
      return t(
        notice.by === 'agent'
          ? 'conversation.endedByAgent'
          : notice.by === 'customer'
            ? 'conversation.endedByCustomer'
            : 'conversation.endedBySystem',
      );
    case 'system-text':
      return notice.text;
    case 'email-sent':
      return t('conversation.emailSent');
    case 'email-retried':
      return t('conversation.emailRetried', { name: notice.name });
    case 'email-failed':
      return t(
        notice.reason === 'bounced'
          ? 'conversation.emailBounced'
          : notice.reason === 'gave-up'
            ? 'conversation.emailGaveUp'
            : 'conversation.emailRefused',
      );
    case 'attachment-dropped':
      return t(
        notice.cardData
          ? notice.byCustomer
            ? 'attachments.droppedCardDataCustomer'
            : 'attachments.droppedCardDataAgent'
          : notice.byCustomer
            ? 'attachments.droppedUnreadableCustomer'
            : 'attachments.droppedUnreadableAgent',
        { name: notice.name },
      );
  }
}

function useTimeOfDay(iso: string | null): string {
  const { i18n } = useTranslation();
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString(i18n.resolvedLanguage, {
    hour: '2-digit',
    minute: '2-digit',
  });
}

function NoticeLine({ notice, at }: { notice: Notice; at: string }) {
  const { t } = useTranslation();
  const time = useTimeOfDay(at);
  if (notice.type === 'attachment-dropped') {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconFileOff size={18} />}
        py={8}
        data-testid="attachment-dropped"
      >
        <Text size="sm">{noticeText(t, notice)}</Text>
      </Alert>
    );
  }
  if (notice.type === 'customer-left') {
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<IconDoorExit size={18} />}
        py={8}
        data-testid="customer-left"
      >
        <Text size="sm" fw={600}>
          {noticeText(t, notice)}
        </Text>
      </Alert>
    );
  }
  return (
    <Divider
      my={4}
      labelPosition="center"
      // A narrow pane (a transcript in the auxiliary pane) wraps the line instead of cutting it.
      styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
      label={
        <Text size="xs" c="dimmed" data-notice={notice.type}>
          {noticeText(t, notice)} · <span style={{ whiteSpace: 'nowrap' }}>{time}</span>
        </Text>
      }
    />
  );
}

/** A message the server did not store: why, and Retry with the same id. */
function FailedNote({ clientMessageId, error }: { clientMessageId: string; error: string | null }) {
  const { t } = useTranslation();
  const connection = useAgentConnection();
  return (
    <Group gap={6} wrap="nowrap" data-testid="message-failed">
      <IconAlertCircle size={14} color="var(--mantine-color-red-7)" />
      <Text size="xs" c="red.7" role="alert">
        {t('conversation.notSent', { reason: errorText(t, { code: error ?? 'INTERNAL' }) })}
      </Text>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconRefresh size={12} />}
        onClick={() => void connection.retryMessage(clientMessageId)}
        data-testid="message-retry"
      >
        {t('conversation.retry')}
      </Button>
    </Group>
  );
}

function MessageBubble({
  item,
  filesAt,
}: {
  item: Extract<TimelineItem, { kind: 'message' }>;
  filesAt: string;
}) {
  const { t } = useTranslation();
  const time = useTimeOfDay(item.at);
  const own = item.role === 'self';
  const author =
    item.role === 'bot'
      ? t('conversation.virtualAssistant')
      : own
        ? t('conversation.you')
        : item.authorName;
  return (
    <Stack gap={2} align={own ? 'flex-end' : 'flex-start'} data-role={item.role}>
      <Group gap={6}>
        {item.role === 'bot' && <IconRobot size={14} color="var(--mantine-color-teal-7)" />}
        <Text size="xs" fw={600} c={item.role === 'bot' ? 'teal.8' : 'dimmed'}>
          {author}
        </Text>
        {time && (
          <Text size="xs" c="dimmed">
            {time}
          </Text>
        )}
      </Group>
      {(item.text !== '' || item.attachments.length === 0) && (
        <Paper
          px="sm"
          py={6}
          radius="md"
          maw="75%"
          bg={bubbleColors[item.role]}
          opacity={item.status === 'sent' ? 1 : 0.7}
          data-testid="message"
          data-status={item.status}
        >
          {item.assistant?.question && (
            <Text size="xs" c="teal.9" fw={500}>
              {t('conversation.assistantAnswered', { question: item.assistant.question })}
            </Text>
          )}
          {item.assistant?.kind === 'no-match' ? (
            <Text size="sm" fs="italic" c="dimmed">
              {t('conversation.assistantNoMatch')}
            </Text>
          ) : (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              <LinkedText text={item.text} />
            </Text>
          )}
        </Paper>
      )}
      {item.attachments.map((file) => (
        <AttachmentLink key={file.id} href={`${filesAt}/${file.id}`} file={file} />
      ))}
      {item.redacted && (
        <Text size="xs" c="orange.8" data-testid="message-redacted">
          {t('conversation.sensitiveRemoved')}
        </Text>
      )}
      {item.status === 'sending' && (
        <Group gap={4}>
          <Loader size={10} />
          <Text size="xs" c="dimmed">
            {t('conversation.sending')}
          </Text>
        </Group>
      )}
      {item.status === 'failed' && item.clientMessageId && (
        <FailedNote clientMessageId={item.clientMessageId} error={item.error} />
      )}
    </Stack>
  );
}

/** A file of a message: a download link (the server sends it as an attachment, never shown inline). */
function AttachmentLink({ href, file }: { href: string; file: AttachmentRef }) {
  const { t } = useTranslation();
  return (
    <Paper
      component="a"
      href={href}
      download={file.name}
      withBorder
      px="sm"
      py={6}
      radius="md"
      maw="75%"
      data-testid="attachment-link"
      aria-label={t('attachments.download', { name: file.name })}
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      <Group gap={8} wrap="nowrap">
        <IconFileDownload size={18} color="var(--mantine-color-indigo-7)" />
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {file.name}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatFileSize(file.size)}
        </Text>
      </Group>
    </Paper>
  );
}

/**
 * One entry of a conversation. `filesAt` is where its files download from: the interaction's own
 * files by default; a past contact's read through the contact history has a path of its own.
 */
export function TimelineEntry({ item, filesAt }: { item: TimelineItem; filesAt?: string }) {
  if (item.kind === 'notice') return <NoticeLine notice={item.notice} at={item.at} />;
  // An assistant without a greeting still opens with its questions (for the widget's buttons).
  if (item.assistant?.kind === 'greeting' && item.text.trim() === '') return null;
  return (
    <MessageBubble
      item={item}
      filesAt={filesAt ?? `/api/v1/interactions/${item.interactionId}/attachments`}
    />
  );
}
