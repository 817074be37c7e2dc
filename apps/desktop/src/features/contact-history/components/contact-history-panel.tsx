import { Alert, Button, Center, Loader, ScrollArea, Stack, Text } from '@mantine/core';
import type { ContactHistoryEntry, User } from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useContactHistory } from '../hooks/use-contact-history.ts';
import { HistoryRow } from './history-row.tsx';
import { PastEmail } from './past-email.tsx';
import { PastTranscript } from './past-transcript.tsx';

/**
 * R-CH-7 / R-EM-8: the customer's earlier contacts, newest first, "Load more" for older ones;
 * opening one shows its transcript in place, read-only (an email: "View email message").
 */
export function ContactHistoryPanel({
  interactionId,
  user,
}: {
  interactionId: string;
  user: User;
}) {
  const [opened, setOpened] = useState<ContactHistoryEntry | null>(null);
  if (opened?.channel === 'email') {
    return (
      <PastEmail interactionId={interactionId} entry={opened} onBack={() => setOpened(null)} />
    );
  }
  if (opened) {
    return (
      <PastTranscript
        interactionId={interactionId}
        entry={opened}
        user={user}
        onBack={() => setOpened(null)}
      />
    );
  }
  return <HistoryList interactionId={interactionId} onOpen={setOpened} />;
}

function HistoryList({
  interactionId,
  onOpen,
}: {
  interactionId: string;
  onOpen: (entry: ContactHistoryEntry) => void;
}) {
  const { t } = useTranslation();
  const history = useContactHistory(interactionId);
  if (history.isPending) {
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  if (history.isError) {
    return (
      <Alert color="red" variant="light" m="md" role="alert">
        {errorText(t, history.error)}
      </Alert>
    );
  }
  const contacts = history.data.pages.flatMap((page) => page.contacts);
  if (contacts.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md" data-testid="history-empty">
        {t('history.empty')}
      </Text>
    );
  }
  return (
    <ScrollArea h="100%" type="auto" data-testid="contact-history">
      {contacts.map((entry) => (
        <HistoryRow key={entry.id} entry={entry} onOpen={onOpen} />
      ))}
      {history.hasNextPage && (
        <Stack p="sm">
          <Button
            variant="light"
            size="xs"
            loading={history.isFetchingNextPage}
            onClick={() => void history.fetchNextPage()}
            data-testid="history-load-more"
          >
            {t('history.loadMore')}
          </Button>
        </Stack>
      )}
    </ScrollArea>
  );
}
