import { Box, Button, Group, Stack, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { IconDots, IconPhoto } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LinkedText } from '../../conversation/components/linked-text.tsx';
import type { EmailAttachment } from '@sangdam/contracts';
import { useQuery } from '@tanstack/react-query';
import { fetchMailImage } from '../api/email-api.ts';
import { estimateFrameHeight, frameDocument } from '../model/mail-frame.ts';
import { prepareMailHtml } from '../model/mail-html.ts';
import { splitQuotedText } from '../model/quoted-text.ts';

/** R-EM-7: the "…" control that unfolds the quoted history of one mail. */
function QuotedToggle({ shown, onToggle }: { shown: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="subtle"
      color="gray"
      size="compact-xs"
      leftSection={<IconDots size={14} />}
      onClick={onToggle}
      aria-expanded={shown}
      data-testid="email-quoted-toggle"
      style={{ alignSelf: 'flex-start' }}
    >
      {t(shown ? 'email.hideQuoted' : 'email.showQuoted')}
    </Button>
  );
}

/**
 * R-EM-1: the images a mail's HTML shows by `cid:`, fetched once from the contact's image route
 * as `data:` URLs (the frame's CSP allows `data:` images only): Content-ID → URL. One query per
 * mail (not `useQueries` with `combine`, whose memo can keep an empty result when a fetch ends
 * between renders); an image the server does not have shows empty.
 */
function useInlineImages(
  interactionId: string,
  attachments: readonly EmailAttachment[],
  html: string,
): ReadonlyMap<string, string> {
  const shown = attachments.filter(
    (file) => file.contentId !== null && html.includes(`cid:${file.contentId}`),
  );
  const { data } = useQuery({
    queryKey: ['email-images', interactionId, shown.map((file) => file.id)],
    queryFn: async () => {
      const loaded = await Promise.all(
        shown.map(async (file) => [file.contentId!, await fetchMailImage(interactionId, file.id)]),
      );
      return new Map(loaded.filter((entry): entry is [string, string] => entry[1] !== null));
    },
    enabled: shown.length > 0,
    staleTime: Infinity,
  });
  return data ?? noImages;
}

const noImages: ReadonlyMap<string, string> = new Map();

/**
 * A mail's HTML in a sandboxed frame: no scripts, no same origin, its own CSP that lets nothing
 * load from outside until the agent shows the images; links open in a new tab.
 */
function HtmlBody({
  html,
  title,
  showImages,
  onShowImages,
  interactionId,
  attachments,
}: MailBodyProps & { html: string }) {
  const { t } = useTranslation();
  const [showQuoted, setShowQuoted] = useState(false);
  const { ref, width } = useElementSize();
  const inline = useInlineImages(interactionId, attachments, html);
  const prepared = useMemo(
    () => prepareMailHtml(html, { showImages, showQuoted, cidUrl: (id) => inline.get(id) }),
    [html, showImages, showQuoted, inline],
  );
  const srcDoc = useMemo(
    () => frameDocument(prepared.body, showImages),
    [prepared.body, showImages],
  );
  const height = estimateFrameHeight(prepared.metrics, width || 640);
  return (
    <Stack gap={4}>
      {prepared.remoteImages > 0 && !showImages && (
        <Group
          gap="xs"
          px="xs"
          py={4}
          bg="gray.0"
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
          data-testid="email-images-blocked"
        >
          <IconPhoto size={14} color="var(--mantine-color-gray-6)" />
          <Text size="xs" c="dimmed">
            {t('email.imagesBlocked')}
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            onClick={onShowImages}
            data-testid="email-show-images"
          >
            {t('email.showImages', { count: prepared.remoteImages })}
          </Button>
        </Group>
      )}
      <Box ref={ref}>
        {/* A new frame for each document: Chromium can keep showing the first document when
            srcdoc changes while that one is still loading (seen when the images arrive). */}
        <iframe
          key={`${showImages}:${showQuoted}:${inline.size}`}
          title={title}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          srcDoc={srcDoc}
          style={{ display: 'block', width: '100%', height, border: 0 }}
          data-testid="email-body-frame"
        />
      </Box>
      {prepared.hasQuoted && (
        <QuotedToggle shown={showQuoted} onToggle={() => setShowQuoted((shown) => !shown)} />
      )}
    </Stack>
  );
}

function TextBody({ text }: { text: string }) {
  const [showQuoted, setShowQuoted] = useState(false);
  const split = useMemo(() => splitQuotedText(text), [text]);
  const paragraph = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;
  return (
    <Stack gap={4}>
      <Text size="sm" style={paragraph} data-testid="email-body-text">
        <LinkedText text={split.body} />
      </Text>
      {split.quoted !== null && (
        <>
          <QuotedToggle shown={showQuoted} onToggle={() => setShowQuoted((shown) => !shown)} />
          {showQuoted && (
            <Text
              size="sm"
              c="dimmed"
              pl="sm"
              style={{ ...paragraph, borderLeft: '3px solid var(--mantine-color-gray-3)' }}
              data-testid="email-quoted-text"
            >
              <LinkedText text={split.quoted} />
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

interface MailBodyProps {
  interactionId: string;
  /** The mail's files: its `cid:` images show inline from the contact's image route. */
  attachments: readonly EmailAttachment[];
  html: string | null;
  text: string;
  title: string;
  /** The agent chose "Show images" for this mail (kept while the mail folds and opens). */
  showImages: boolean;
  onShowImages: () => void;
}

/** The body of one mail: its HTML in a frame, or its plain text when it has no HTML. */
export function MailBody(props: MailBodyProps) {
  const { html, text } = props;
  return html === null || html.trim() === '' ? (
    <TextBody text={text} />
  ) : (
    <HtmlBody {...props} html={html} />
  );
}
