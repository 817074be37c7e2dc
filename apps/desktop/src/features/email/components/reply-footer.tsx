import { Button, Group, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftNotice } from '../model/draft-sync.ts';
import { DraftNote } from './draft-note.tsx';
import {
  ReplyAttachButton,
  ReplyAttachmentList,
  type ReplyAttachmentsState,
} from './reply-attachments.tsx';

interface ReplyFooterProps {
  /** `quick-reply` or `standard-reply`: the prefix of the note's and Send's test ids. */
  testId: 'quick-reply' | 'standard-reply';
  files: ReplyAttachmentsState;
  /** The agent cannot reply here (no files listed, nothing to attach). */
  disabled: boolean;
  sending: boolean;
  canSend: boolean;
  onSend: () => void;
  notice: DraftNotice | null;
  /** The line beside Send: a hint, or what went wrong (`noteIsError`). */
  note: ReactNode;
  noteIsError: boolean;
  /** A rule above the row, for a reply area with a toolbar and editor above it. */
  divided?: boolean;
}

/** The end of a reply (quick or standard): its files, the draft's notice, the note, attach and Send. */
export function ReplyFooter(props: ReplyFooterProps) {
  const { t } = useTranslation();
  const { files, disabled, sending, divided = false } = props;
  return (
    <>
      {!disabled && <ReplyAttachmentList state={files} />}
      {props.notice && <DraftNote notice={props.notice} />}
      <Group
        justify="space-between"
        gap="xs"
        wrap="nowrap"
        {...(divided && {
          px: 'xs',
          py: 6,
          style: { borderTop: '1px solid var(--mantine-color-gray-3)' },
        })}
      >
        <Text
          size="xs"
          c={props.noteIsError ? 'red.7' : 'dimmed'}
          role={props.noteIsError ? 'alert' : undefined}
          px={divided ? undefined : 4}
          miw={0}
          data-testid={`${props.testId}-note`}
        >
          {props.note}
        </Text>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          <ReplyAttachButton state={files} disabled={disabled || sending} />
          <Button
            size="xs"
            leftSection={<IconSend size={16} />}
            onClick={props.onSend}
            disabled={!props.canSend}
            loading={sending}
            data-testid={`${props.testId}-send`}
          >
            {t('email.send')}
          </Button>
        </Group>
      </Group>
    </>
  );
}
