import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { formatFileSize, type EmailAttachment, type Mailbox } from '@sangdam/contracts';
import {
  IconChevronDown,
  IconChevronRight,
  IconMail,
  IconMailForward,
  IconPaperclip,
  IconRefresh,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { Fragment, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadMail } from '../model/email-thread.ts';
import { splitQuotedText } from '../model/quoted-text.ts';
import { emailFileUrl } from '../api/email-api.ts';
import { MailBody } from './mail-body.tsx';
import { ViewOriginalButton } from './view-original.tsx';

const addressStyle: CSSProperties = {
  display: 'inline-block',
  maxWidth: '100%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'bottom',
};

/**
 * Mailboxes as "Name <address>", comma-separated; each "<address>" kept together (on the next
 * line when it does not fit, ellipsised with its whole text on hover in a narrow column) so a
 * lone ">" never wraps onto a line of its own.
 */
function Mailboxes({ mailboxes }: { mailboxes: readonly Mailbox[] }) {
  return mailboxes.map((mailbox, index) => {
    const address = mailbox.name ? `<${mailbox.address}>` : mailbox.address;
    return (
      <Fragment key={index}>
        {index > 0 && ', '}
        {mailbox.name && `${mailbox.name} `}
        <span style={addressStyle} title={mailbox.address}>
          {address}
        </span>
      </Fragment>
    );
  });
}

function senderName(t: TFunction, mail: ThreadMail): string {
  if (mail.direction === 'out' && mail.authorName) {
    return t('email.byAgent', { name: mail.authorName });
  }
  return mail.from?.name || mail.from?.address || '';
}

const statusColor = { queued: 'gray', sent: 'teal', failed: 'red' } as const;

function failureText(t: TFunction, mail: ThreadMail): string {
  switch (mail.failureReason) {
    case 'refused':
      return t('conversation.emailRefused');
    case 'gave-up':
      return t('conversation.emailGaveUp');
    case 'bounced':
      return t('conversation.emailBounced');
    case null:
      return t('email.failedStored');
  }
}

function DeliveryBadge({ mail }: { mail: ThreadMail }) {
  const { t } = useTranslation();
  if (mail.status === null) return null;
  const badge = (
    <Badge
      size="sm"
      variant="light"
      color={statusColor[mail.status]}
      style={{ flexShrink: 0 }}
      data-testid="email-status"
      data-status={mail.status}
    >
      {t(`email.${mail.status}`)}
    </Badge>
  );
  return mail.status === 'failed' ? (
    <Tooltip label={failureText(t, mail)} withArrow multiline w={260}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

/** One header line of an open mail: a dimmed label and its value. */
function HeaderLine({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={72} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="xs" style={{ overflowWrap: 'anywhere', minWidth: 0 }} data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

/** R-EM-5: a mail's files (not the images its HTML shows inline), with sizes, to download. */
function MailFiles({ filesAt, files }: { filesAt: string; files: readonly EmailAttachment[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <Group gap={6} data-testid="email-files" aria-label={t('email.files')}>
      <IconPaperclip size={14} color="var(--mantine-color-gray-6)" />
      {files.map((file) => (
        <Paper key={file.id} withBorder radius="xl" px="sm" py={2} data-testid="email-file">
          <Group gap={6} wrap="nowrap">
            <Anchor
              href={`${filesAt}/${encodeURIComponent(file.id)}`}
              download={file.name}
              size="xs"
              fw={500}
              maw={240}
              truncate="end"
              title={t('email.download', { name: file.name })}
              data-testid="email-file-link"
            >
              {file.name}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatFileSize(file.size)}
            </Text>
          </Group>
        </Paper>
      ))}
    </Group>
  );
}

interface EmailMessageCardProps {
  /** The contact the agent holds. */
  interactionId: string;
  /**
   * An earlier contact of the customer shown read-only (contact history): its files come through
   * the history route; its original and inline pictures are not offered there.
   */
  pastId?: string;
  mail: ThreadMail;
  expanded: boolean;
  onToggle: () => void;
  /** A customer mail that came after the one the agent read (R-EM-1 banner). */
  newer: boolean;
  showImages: boolean;
  onShowImages: () => void;
  /** A failed reply the agent may send again: Retry, its state and what went wrong with it. */
  retry?: { onRetry: () => void; pending: boolean; error: string | null };
  /** A narrow column (contact history): the time only in the headers once open. */
  compact?: boolean;
}

/** A failed reply: why, and Retry (the same mail again) when the agent may send it again. */
function FailedReply({
  mail,
  retry,
}: {
  mail: ThreadMail;
  retry: NonNullable<EmailMessageCardProps['retry']>;
}) {
  const { t } = useTranslation();
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      justify="space-between"
      px="md"
      py={6}
      bg="red.0"
      style={{ borderTop: '1px solid var(--mantine-color-red-2)' }}
      data-testid="email-failed-reply"
    >
      <Text size="xs" c="red.8" miw={0} role={retry.error ? 'alert' : undefined}>
        {retry.error ?? failureText(t, mail)}
      </Text>
      <Tooltip label={t('email.retryHint')} withArrow>
        <Button
          size="compact-xs"
          variant="light"
          color="red"
          leftSection={<IconRefresh size={14} />}
          loading={retry.pending}
          onClick={retry.onRetry}
          style={{ flexShrink: 0 }}
          data-testid="email-retry"
        >
          {t('email.retry')}
        </Button>
      </Tooltip>
    </Group>
  );
}

/** R-EM-7: one mail of the thread, open (headers and body) or folded to one line. */
export function EmailMessageCard({
  interactionId,
  pastId,
  mail,
  expanded,
  onToggle,
  newer,
  showImages,
  onShowImages,
  retry,
  compact = false,
}: EmailMessageCardProps) {
  const { t, i18n } = useTranslation();
  const at = mail.at
    ? new Date(mail.at).toLocaleString(i18n.resolvedLanguage, {
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : '';
  const inbound = mail.direction === 'in';
  const name = senderName(t, mail);
  return (
    <Paper
      withBorder
      radius="md"
      p={0}
      bg={inbound ? undefined : 'indigo.0'}
      style={
        newer
          ? {
              borderColor: 'var(--mantine-color-orange-5)',
              boxShadow: '0 0 0 1px var(--mantine-color-orange-5)',
            }
          : undefined
      }
      data-testid="email-message"
      data-email-id={mail.id}
      data-direction={mail.direction}
      data-expanded={expanded}
      data-newer={newer}
    >
      <UnstyledButton
        onClick={onToggle}
        aria-expanded={expanded}
        aria-label={t(expanded ? 'email.collapse' : 'email.expand')}
        w="100%"
        px="md"
        py="xs"
        data-testid="email-message-toggle"
      >
        <Group gap="sm" wrap="nowrap">
          <Box style={{ display: 'flex', flexShrink: 0 }}>
            {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </Box>
          <Box style={{ display: 'flex', flexShrink: 0 }}>
            {inbound ? (
              <IconMail size={16} color="var(--mantine-color-gray-6)" />
            ) : (
              <IconMailForward size={16} color="var(--mantine-color-indigo-6)" />
            )}
          </Box>
          <Text
            size="sm"
            fw={600}
            // In the narrow history column an open mail's sender may take two lines, not be cut.
            {...(compact && expanded ? { lineClamp: 2 } : { truncate: 'end' as const })}
            style={
              compact
                ? { minWidth: 0, overflowWrap: 'anywhere' }
                : { flexShrink: 0, maxWidth: '40%' }
            }
          >
            {name}
          </Text>
          {!expanded && (
            <Text size="sm" c="dimmed" truncate="end" miw={0} flex={1}>
              {splitQuotedText(mail.text).body.replace(/\s+/g, ' ')}
            </Text>
          )}
          {expanded && <Box flex={1} />}
          {newer && (
            <Badge size="sm" color="orange" variant="filled" style={{ flexShrink: 0 }}>
              {t('email.newest')}
            </Badge>
          )}
          {mail.autoReply && (
            <Badge size="sm" color="gray" variant="outline" style={{ flexShrink: 0 }}>
              {t('email.autoReply')}
            </Badge>
          )}
          <DeliveryBadge mail={mail} />
          {!(compact && expanded) && (
            <Text
              size="xs"
              c="dimmed"
              truncate={compact ? 'end' : undefined}
              style={compact ? { minWidth: 0 } : { flexShrink: 0 }}
              data-testid="email-time"
            >
              {at}
            </Text>
          )}
        </Group>
      </UnstyledButton>
      {retry && mail.status === 'failed' && <FailedReply mail={mail} retry={retry} />}
      {expanded && (
        <Stack gap="sm" px="md" pb="md">
          <Stack gap={2} data-testid="email-headers">
            {mail.from && (
              <HeaderLine
                label={t('email.from')}
                value={<Mailboxes mailboxes={[mail.from]} />}
                testId="email-from"
              />
            )}
            <HeaderLine
              label={t('email.to')}
              value={<Mailboxes mailboxes={mail.to} />}
              testId="email-to"
            />
            {mail.cc.length > 0 && (
              <HeaderLine
                label={t('email.cc')}
                value={<Mailboxes mailboxes={mail.cc} />}
                testId="email-cc"
              />
            )}
            <HeaderLine
              label={t('email.subject')}
              value={mail.subject || t('email.noSubject')}
              testId="email-subject"
            />
            {at && (
              <HeaderLine
                label={t(inbound ? 'email.received' : 'email.written')}
                value={at}
                testId="email-received"
              />
            )}
          </Stack>
          {mail.hasRaw && pastId === undefined && (
            <Box>
              <ViewOriginalButton interactionId={interactionId} emailId={mail.id} />
            </Box>
          )}
          <MailBody
            interactionId={interactionId}
            attachments={pastId === undefined ? mail.attachments : []}
            html={mail.html}
            text={mail.text}
            title={t('email.customerMail', { name })}
            showImages={showImages}
            onShowImages={onShowImages}
          />
          <MailFiles
            filesAt={
              pastId === undefined
                ? emailFileUrl(interactionId)
                : `/api/v1/interactions/${interactionId}/history/${pastId}/attachments`
            }
            files={mail.attachments.filter(
              (file) => !(file.inline && mail.html?.includes(`cid:${file.contentId}`)),
            )}
          />
        </Stack>
      )}
    </Paper>
  );
}
