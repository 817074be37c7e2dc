import { Group, Paper, Text, Textarea } from '@mantine/core';
import { IconMessageReply } from '@tabler/icons-react';
import { countCharacters, limits } from '@sangdam/contracts';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useEmailDraft } from '../hooks/use-email-draft.ts';
import { useQuickReply } from '../hooks/use-quick-reply.ts';
import { useReplyAttachments } from './reply-attachments.tsx';
import { ReplyFooter } from './reply-footer.tsx';

interface QuickReplyBoxProps {
  interactionId: string;
  /** Who the reply goes to, as the customer's newest mail says. */
  recipient: string | null;
  disabled: boolean;
  /** Why it is disabled when the contact is still open (shown instead of "ended"). */
  disabledReason?: string;
}

/** R-EM-2 (빠른 회신): plain text, no templates; Send, then the wrap-up dialog. */
export function QuickReplyBox({
  interactionId,
  recipient,
  disabled,
  disabledReason,
}: QuickReplyBoxProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const draft = useEmailDraft(interactionId, 'quick', !disabled);
  // The stored draft (R-EM-6) once loaded, and again should another tab's be taken.
  const [loaded, setLoaded] = useState<string | null>(null);
  if (draft.content && draft.loadKey !== loaded) {
    setLoaded(draft.loadKey);
    setText(draft.content.body);
  }
  const reply = useQuickReply(interactionId, draft.sync);
  const files = useReplyAttachments(interactionId);
  const max = limits.emailReplyMaxLength;
  const tooLong = countCharacters(text) > max;
  const canSend =
    !disabled && !reply.isPending && !files.uploading && !tooLong && text.trim() !== '';

  // Saved on the server (R-EM-6); R-CH-6's guard asks before it would be lost.
  const update = (value: string) => {
    setText(value);
    draft.sync?.change({ body: value, cc: [], templateId: null, empty: value.trim() === '' });
  };
  const submit = () => {
    if (!canSend) return;
    reply.mutate(
      { text: text.trim(), attachmentIds: files.files.map((file) => file.id) },
      {
        onSuccess: () => {
          setText('');
          files.clear();
        },
      },
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };
  const note = tooLong
    ? t('email.tooLong', { max })
    : reply.error
      ? errorText(t, reply.error)
      : disabled
        ? (disabledReason ?? t('email.closed'))
        : t('email.quickReplyHint');

  return (
    <Paper
      withBorder
      radius="md"
      p="xs"
      bg={disabled ? 'gray.0' : undefined}
      data-testid="quick-reply"
    >
      <Group gap="xs" px={4} wrap="nowrap">
        <IconMessageReply size={16} color="var(--mantine-color-indigo-6)" />
        <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
          {t('email.quickReply')}
        </Text>
        {recipient && (
          <Text size="xs" c="dimmed" truncate="end" miw={0}>
            {t('email.quickReplyTo', { address: recipient })}
          </Text>
        )}
      </Group>
      <Textarea
        variant="unstyled"
        autosize
        minRows={3}
        maxRows={10}
        value={text}
        onChange={(event) => update(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        disabled={disabled || reply.isPending || draft.sync === null}
        placeholder={disabled ? undefined : t('email.placeholder')}
        aria-label={t('email.quickReply')}
        aria-invalid={tooLong}
        data-testid="quick-reply-input"
        px={4}
      />
      <ReplyFooter
        testId="quick-reply"
        files={files}
        disabled={disabled}
        sending={reply.isPending}
        canSend={canSend}
        onSend={submit}
        notice={draft.notice}
        note={note}
        noteIsError={tooLong || reply.error !== null}
      />
    </Paper>
  );
}
