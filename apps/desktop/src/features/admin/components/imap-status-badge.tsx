import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import type { ImapStatus } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { imapStatusView } from '../model/imap-status.ts';

/** How an address's IMAP mailbox is doing: last read, or the problem that stops it (R-EM-1). */
export function ImapStatusBadge({ status }: { status: ImapStatus }) {
  const { t, i18n } = useTranslation('admin');
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.resolvedLanguage, {
      dateStyle: 'short',
      timeStyle: 'short',
    });
  const view = imapStatusView(status);
  if (view.state === 'pending') {
    return (
      <Badge size="sm" variant="dot" color="gray" tt="none" data-testid="imap-status">
        {t('emailAddresses.status.pending')}
      </Badge>
    );
  }
  if (view.state === 'ok') {
    return (
      <Stack gap={2} data-testid="imap-status">
        <Badge size="sm" variant="dot" color="teal" tt="none">
          {t('emailAddresses.status.ok', { time: when(view.readAt) })}
        </Badge>
        {view.earlierProblem && (
          <Text size="xs" c="dimmed">
            {t('emailAddresses.status.earlier', {
              time: when(view.earlierProblem.at),
              problem: t(`emailAddresses.problems.${view.earlierProblem.code}`),
            })}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Stack gap={2} data-testid="imap-status">
      <Badge size="sm" variant="dot" color="red" tt="none">
        {t('emailAddresses.status.problem', { time: when(view.problem.at) })}
      </Badge>
      <Tooltip
        label={view.problem.detail}
        disabled={view.problem.detail === ''}
        multiline
        maw={360}
      >
        <Text size="xs" c="red.8" data-testid="imap-problem">
          {t(`emailAddresses.problems.${view.problem.code}`)}
        </Text>
      </Tooltip>
    </Stack>
  );
}
