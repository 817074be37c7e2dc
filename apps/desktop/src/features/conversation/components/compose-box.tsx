import { ActionIcon, Group, Paper, Text, Textarea, Tooltip } from '@mantine/core';
import { IconMessage2Bolt, IconSend } from '@tabler/icons-react';
import { countCharacters, limits, type PredefinedResponse } from '@sangdam/contracts';
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import {
  AttachButton,
  AttachmentChips,
  attachmentProblem,
  sendWithAttachments,
  useAttachmentPolicy,
} from '../../attachments/attachment-picker.tsx';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';
import { ResponsePicker } from '../../responses/components/response-picker.tsx';
import { insertResponse } from '../../responses/model/response-picker.ts';
import { readDraft, setPendingAttachments, writeDraft } from '../hooks/draft-cache.ts';

interface ComposeBoxProps {
  interactionId: string;
  disabled: boolean;
}

/**
 * R-CH-3: Enter sends, Shift+Enter breaks the line; at most `chatMessageMaxLength` characters.
 * R-CH-4: predefined responses go in at the caret, from the button or `/` in the empty box.
 */
export function ComposeBox({ interactionId, disabled }: ComposeBoxProps) {
  const { t } = useTranslation();
  const connection = useAgentConnection();
  const [text, setText] = useState(() => readDraft(interactionId));
  const input = useRef<HTMLTextAreaElement>(null);
  // How the picker was opened: by `/`, closing it without a pick gives the `/` back.
  const [picker, setPicker] = useState<'closed' | 'button' | 'slash'>('closed');
  const max = limits.chatMessageMaxLength;
  // Code points, as the server and the widget count them: an emoji is one character.
  const length = countCharacters(text);
  const tooLong = length > max;
  // R-CH-5: files wait here (name, size, X) until sent; the server's own check runs first here.
  const { csrfToken } = useSignedInSession();
  const policy = useAttachmentPolicy();
  const [files, setFiles] = useState<File[]>([]);
  const [sendingFiles, setSendingFiles] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const problem = attachmentProblem(policy, files);
  // R-CH-6: files waiting here count as unsent work; they go with this box when it closes.
  useEffect(() => {
    setPendingAttachments(interactionId, files.length);
    return () => setPendingAttachments(interactionId, 0);
  }, [interactionId, files.length]);
  const canAttach = !disabled && policy?.enabled === true;
  const canSend =
    !disabled &&
    !tooLong &&
    !sendingFiles &&
    problem === null &&
    (text.trim().length > 0 || files.length > 0);

  const addFiles = (added: File[]) => {
    if (!canAttach || added.length === 0) return;
    setSendError(null);
    setFiles((current) => [...current, ...added]);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles([...event.dataTransfer.files]);
  };

  const update = (value: string) => {
    setText(value);
    writeDraft(interactionId, value);
  };

  const submit = () => {
    if (!canSend) return;
    if (files.length > 0) {
      setSendingFiles(true);
      setSendError(null);
      sendWithAttachments(csrfToken, interactionId, text.trim(), files)
        .then(() => {
          setFiles([]);
          update('');
        })
        .catch((error: unknown) => setSendError(errorText(t, error)))
        .finally(() => setSendingFiles(false));
      return;
    }
    // Shown at once as sending; a refusal stays in the conversation as failed, with Retry.
    void connection.sendMessage(interactionId, text.trim());
    update('');
  };

  /** Focuses the box with the caret at `position` once React has shown the new text. */
  const focusAt = (position: number) =>
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(position, position);
    });

  const pickResponse = (response: PredefinedResponse) => {
    const box = input.current;
    const selection = {
      start: box?.selectionStart ?? text.length,
      end: box?.selectionEnd ?? text.length,
    };
    const result = insertResponse(text, selection, response.text, max);
    if (result.ok) {
      update(result.text);
      setPicker('closed');
      focusAt(result.cursor);
    }
    return result;
  };

  /** Closes the picker without a pick; `refocus` after Esc, not after a click elsewhere. */
  const dismissPicker = (refocus: boolean) => {
    const restoreSlash = picker === 'slash' && text === '';
    setPicker('closed');
    if (restoreSlash) update('/');
    if (refocus) focusAt(restoreSlash ? 1 : (input.current?.selectionEnd ?? text.length));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const { key, nativeEvent, ctrlKey, metaKey, altKey } = event;
    if (key === '/' && text === '' && !nativeEvent.isComposing && !ctrlKey && !metaKey && !altKey) {
      event.preventDefault();
      setPicker('slash');
      return;
    }
    if (key === 'Escape' && picker !== 'closed') {
      event.preventDefault();
      dismissPicker(true);
      return;
    }
    // While an IME composes Korean text, Enter confirms the syllable; it must not send.
    if (key !== 'Enter' || event.shiftKey || nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  };

  return (
    <ResponsePicker
      opened={picker !== 'closed' && !disabled}
      onDismiss={() => dismissPicker(false)}
      onEscape={() => dismissPicker(true)}
      onPick={pickResponse}
    >
      <Paper
        withBorder
        radius="md"
        p="xs"
        bg={disabled ? 'gray.0' : dragging ? 'indigo.0' : undefined}
        style={dragging ? { borderColor: 'var(--mantine-color-indigo-5)' } : undefined}
        onDragOver={(event) => {
          if (!canAttach) return;
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="compose-box"
      >
        <AttachmentChips
          files={files}
          policy={policy}
          onRemove={(index) => setFiles((current) => current.filter((_, i) => i !== index))}
        />
        <Textarea
          ref={input}
          variant="unstyled"
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          onChange={(event) => update(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          disabled={disabled}
          autoFocus={!disabled}
          placeholder={
            disabled
              ? t('conversation.closed')
              : dragging
                ? t('attachments.dropHere')
                : t('conversation.placeholder')
          }
          aria-label={t('conversation.placeholder')}
          aria-invalid={tooLong}
          data-testid="compose-input"
          px={4}
        />
        <Group justify="space-between" gap="xs" mt={4} wrap="nowrap">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Tooltip label={t('responses.openHint')} withArrow disabled={picker !== 'closed'}>
              <ActionIcon
                size="lg"
                variant={picker === 'closed' ? 'subtle' : 'light'}
                color="gray"
                onClick={() => (picker === 'closed' ? setPicker('button') : dismissPicker(true))}
                disabled={disabled}
                aria-label={t('responses.open')}
                aria-haspopup="listbox"
                aria-expanded={picker !== 'closed'}
                data-testid="compose-responses"
              >
                <IconMessage2Bolt size={18} />
              </ActionIcon>
            </Tooltip>
            {policy?.enabled && <AttachButton disabled={!canAttach} onFiles={addFiles} />}
            <Text size="xs" c="red.7" role="alert" data-testid="compose-error" miw={0}>
              {tooLong
                ? t('conversation.tooLong', { max })
                : problem
                  ? t(`errors.${problem.code}`)
                  : (sendError ?? (sendingFiles ? t('attachments.uploading') : ''))}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text
              size="xs"
              c={tooLong ? 'red.7' : 'dimmed'}
              fw={tooLong ? 600 : undefined}
              ff="monospace"
              data-testid="compose-counter"
            >
              {length} / {max}
            </Text>
            <Tooltip label={t('conversation.send')} withArrow>
              <ActionIcon
                size="lg"
                variant="filled"
                onClick={submit}
                disabled={!canSend}
                aria-label={t('conversation.send')}
                data-testid="compose-send"
              >
                <IconSend size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </Paper>
    </ResponsePicker>
  );
}
