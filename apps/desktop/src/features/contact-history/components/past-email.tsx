import { Alert, Center, Loader, ScrollArea, Stack, Text } from '@mantine/core';
import type { ContactHistoryEntry } from '@sangdam/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { EmailMessageCard } from '../../email/components/email-message-card.tsx';
import { buildEmailThread } from '../../email/model/email-thread.ts';
import { usePastEmails } from '../hooks/use-contact-history.ts';
import { PastContactHeader } from './past-transcript.tsx';

/**
 * R-EM-8 "View email message": an earlier email contact's thread, read-only — the newest mail
 * open, the others folded, each mail's HTML in the same sandboxed frame as the email area.
 */
export function PastEmail({
  interactionId,
  entry,
  onBack,
}: {
  interactionId: string;
  entry: ContactHistoryEntry;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const emails = usePastEmails(interactionId, entry.id);
  const thread = useMemo(() => buildEmailThread(emails.data, []), [emails.data]);
  const [toggled, setToggled] = useState<Readonly<Record<string, boolean>>>({});
  const [imagesShown, setImagesShown] = useState<ReadonlySet<string>>(new Set());
  const newestId = thread.at(-1)?.id;
  return (
    <Stack gap={0} h="100%" mih={0} data-testid="past-email" data-interaction-id={entry.id}>
      <PastContactHeader entry={entry} onBack={onBack} />
      {emails.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : emails.isError ? (
        <Alert color="red" variant="light" m="md" role="alert">
          {errorText(t, emails.error)}
        </Alert>
      ) : thread.length === 0 ? (
        <Text size="sm" c="dimmed" p="md">
          {t('history.noEmails')}
        </Text>
      ) : (
        <ScrollArea flex={1} mih={0} type="auto" scrollbars="y">
          <Stack gap="xs" px="xs" py="sm">
            {thread.map((mail) => {
              const open = toggled[mail.id] ?? mail.id === newestId;
              return (
                <EmailMessageCard
                  key={mail.id}
                  interactionId={interactionId}
                  pastId={entry.id}
                  mail={mail}
                  expanded={open}
                  onToggle={() => setToggled((current) => ({ ...current, [mail.id]: !open }))}
                  newer={false}
                  showImages={imagesShown.has(mail.id)}
                  onShowImages={() => setImagesShown((shown) => new Set(shown).add(mail.id))}
                  compact
                />
              );
            })}
          </Stack>
        </ScrollArea>
      )}
    </Stack>
  );
}
