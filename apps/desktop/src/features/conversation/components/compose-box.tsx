import { ActionIcon, Group, Paper, Text, Textarea, Tooltip } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { countCharacters, limits } from '@sangdam/contracts';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';
import { readDraft, writeDraft } from '../hooks/draft-cache.ts';

interface ComposeBoxProps {
  interactionId: string;
  disabled: boolean;
}

/** R-CH-3: Enter sends, Shift+Enter breaks the line; at most `chatMessageMaxLength` characters. */
export function ComposeBox({ interactionId, disabled }: ComposeBoxProps) {
  const { t } = useTranslation();
  const connection = useAgentConnection();
  const [text, setText] = useState(() => readDraft(interactionId));
  const max = limits.chatMessageMaxLength;
  // Code points, as the server and the widget count them: an emoji is one character.
  const length = countCharacters(text);
  const tooLong = length > max;
  const canSend = !disabled && !tooLong && text.trim().length > 0;

  const update = (value: string) => {
    setText(value);
    writeDraft(interactionId, value);
  };

  const submit = () => {
    if (!canSend) return;
    // Shown at once as sending; a refusal stays in the conversation as failed, with Retry.
    void connection.sendMessage(interactionId, text.trim());
    update('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an IME composes Korean text, Enter confirms the syllable; it must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  };

  return (
    <Paper withBorder radius="md" p="xs" bg={disabled ? 'gray.0' : undefined}>
      <Textarea
        variant="unstyled"
        autosize
        minRows={2}
        maxRows={8}
        value={text}
        onChange={(event) => update(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        disabled={disabled}
        autoFocus={!disabled}
        placeholder={disabled ? t('conversation.closed') : t('conversation.placeholder')}
        aria-label={t('conversation.placeholder')}
        aria-invalid={tooLong}
        data-testid="compose-input"
        px={4}
      />
      <Group justify="space-between" gap="xs" mt={4} wrap="nowrap">
        <Text size="xs" c="red.7" role="alert" data-testid="compose-error" miw={0}>
          {tooLong ? t('conversation.tooLong', { max }) : ''}
        </Text>
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
  );
}
