import { Anchor, Button, Group, Loader, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileCode } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { fetchEmailSource } from '../api/email-api.ts';
import { flushEmailDrafts } from '../hooks/use-email-draft.ts';

/** The header block of a message (up to the first empty line) and the rest. */
export function splitSource(source: string): { headers: string; body: string } {
  const match = /\r?\n\r?\n/.exec(source);
  if (!match) return { headers: source, body: '' };
  return {
    headers: source.slice(0, match.index),
    body: source.slice(match.index + match[0].length),
  };
}

const sourceStyle = {
  margin: 0,
  fontSize: 12,
  lineHeight: 1.5,
  whiteSpace: 'pre-wrap',
  overflowWrap: 'anywhere',
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK KR", monospace',
} as const;

function SourceView({ interactionId, emailId }: { interactionId: string; emailId: string }) {
  const { t } = useTranslation();
  const source = useQuery({
    queryKey: ['email-source', interactionId, emailId],
    queryFn: () => fetchEmailSource(interactionId, emailId),
    staleTime: Infinity,
  });
  if (source.isPending) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">{t('email.originalLoading')}</Text>
      </Group>
    );
  }
  if (source.isError) {
    return (
      <Text size="sm" c="red.7" role="alert">
        {errorText(t, source.error)}
      </Text>
    );
  }
  const { headers, body } = splitSource(source.data);
  // Text nodes only: nothing of the message is ever parsed as HTML.
  return (
    <Stack gap="sm">
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        {t('email.originalHeaders')}
      </Text>
      <ScrollArea.Autosize mah={220} type="auto" bg="gray.0" p="xs">
        <pre style={sourceStyle} data-testid="email-original-headers">
          {headers}
        </pre>
      </ScrollArea.Autosize>
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        {t('email.originalSource')}
      </Text>
      <ScrollArea.Autosize mah={360} type="auto" bg="gray.0" p="xs">
        <pre style={sourceStyle} data-testid="email-original-source">
          {body}
        </pre>
      </ScrollArea.Autosize>
    </Stack>
  );
}

/** R-EM-1 "View original email": the stored (redacted) message's headers and source, as text. */
export function ViewOriginalButton({
  interactionId,
  emailId,
}: {
  interactionId: string;
  emailId: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const download = `/api/v1/interactions/${encodeURIComponent(interactionId)}/emails/${encodeURIComponent(emailId)}/raw?download=1`;
  return (
    <>
      <Button
        variant="subtle"
        color="gray"
        size="compact-xs"
        leftSection={<IconFileCode size={14} />}
        onClick={() => {
          flushEmailDrafts(interactionId);
          setOpen(true);
        }}
        data-testid="email-view-original"
      >
        {t('email.viewOriginal')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('email.originalTitle')}
        size="xl"
        closeButtonProps={{ 'aria-label': t('email.close') }}
        data-testid="email-original"
      >
        <Stack gap="sm">
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed">
              {t('email.originalHint')}
            </Text>
            <Anchor href={download} size="xs" style={{ flexShrink: 0 }}>
              <Group gap={4} wrap="nowrap">
                <IconDownload size={14} />
                {t('email.downloadEml')}
              </Group>
            </Anchor>
          </Group>
          {open && <SourceView interactionId={interactionId} emailId={emailId} />}
        </Stack>
      </Modal>
    </>
  );
}
