import { ActionIcon, CloseButton, Group, Loader, Paper, Text, Tooltip } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import {
  checkAttachments,
  formatFileSize,
  type AttachmentPolicy,
  type DroppedAttachment,
} from '@sangdam/contracts';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, errorText } from '../../../lib/app-error.ts';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { deleteReplyFile, fetchReplyAttachmentPolicy, uploadReplyFiles } from '../api/email-api.ts';

/** A file of the reply: uploaded (and scanned) by the server, its id for the reply. */
export interface ReplyFile {
  id: string;
  name: string;
  size: number;
}

/** What the reply's attachments are, and what the last choice of files came to. */
export interface ReplyAttachmentsState {
  files: readonly ReplyFile[];
  uploading: boolean;
  /** The last refusal (before upload, or by the server), shown under the list. */
  error: AppError | null;
  dropped: readonly DroppedAttachment[];
  policy: AttachmentPolicy | undefined;
  add: (files: readonly File[]) => void;
  remove: (id: string) => void;
  clear: () => void;
}

/** Under the `reference` key: an admin's change (`config:changed`) refetches it at once. */
export const replyAttachmentPolicyQueryKey = ['reference', 'attachment-policy', 'email'] as const;

/**
 * R-EM-5: a reply's files. Each choice is checked against the rules first (count with the
 * files already attached, total size, type) — refused whole before anything is uploaded — then
 * uploaded, and the server's answer kept: the files' ids, and any it dropped (card data). X on
 * a file deletes its upload on the server at once.
 */
export function useReplyAttachments(interactionId: string): ReplyAttachmentsState {
  const { csrfToken } = useSignedInSession();
  const policy = useQuery({
    queryKey: replyAttachmentPolicyQueryKey,
    queryFn: fetchReplyAttachmentPolicy,
    staleTime: 5 * 60_000,
  }).data;
  const [files, setFiles] = useState<readonly ReplyFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [dropped, setDropped] = useState<readonly DroppedAttachment[]>([]);

  const add = (chosen: readonly File[]) => {
    if (chosen.length === 0 || uploading) return;
    setDropped([]);
    const problem = policy && checkAttachments(policy, [...files, ...chosen]);
    if (problem) {
      setError(new AppError(problem.code, problem.name ?? problem.code));
      return;
    }
    setError(null);
    setUploading(true);
    uploadReplyFiles(csrfToken, interactionId, chosen)
      .then((answer) => {
        setFiles((current) => [...current, ...answer.files]);
        setDropped(answer.dropped);
      })
      .catch((failure: unknown) =>
        setError(failure instanceof AppError ? failure : new AppError('INTERNAL', String(failure))),
      )
      .finally(() => setUploading(false));
  };
  return {
    files,
    uploading,
    error,
    dropped,
    policy,
    add,
    remove: (id) => {
      setError(null);
      setFiles((current) => current.filter((file) => file.id !== id));
      // Off the reply either way; should the delete fail, the sweep takes the upload once the
      // contact ends.
      deleteReplyFile(csrfToken, interactionId, id).catch(() => undefined);
    },
    clear: () => {
      setFiles([]);
      setError(null);
      setDropped([]);
    },
  };
}

/** The paperclip: opens the file chooser, limited to the allowed types. */
export function ReplyAttachButton({
  state,
  disabled,
}: {
  state: ReplyAttachmentsState;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const off = state.policy !== undefined && !state.policy.enabled;
  return (
    <>
      <Tooltip label={t(off ? 'replyFiles.off' : 'attachments.attach')} withArrow>
        <ActionIcon
          size="md"
          variant="subtle"
          color="gray"
          onClick={() => input.current?.click()}
          disabled={disabled || off || state.uploading}
          aria-label={t('attachments.attach')}
          data-testid="reply-attach"
        >
          {state.uploading ? <Loader size={14} /> : <IconPaperclip size={18} />}
        </ActionIcon>
      </Tooltip>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={state.policy?.extensions.map((extension) => `.${extension}`).join(',')}
        data-testid="reply-file-input"
        onChange={(event) => {
          state.add([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
    </>
  );
}

/**
 * The reply's files with their sizes, X to remove one; the rules (count, total, types) always
 * shown, so the agent knows them before choosing; a refusal or a dropped file said below.
 */
export function ReplyAttachmentList({ state }: { state: ReplyAttachmentsState }) {
  const { t } = useTranslation();
  const { files, policy, error, dropped } = state;
  const total = files.reduce((sum, file) => sum + file.size, 0);
  return (
    <Group gap={6} px={4} pb={4} data-testid="reply-attachments">
      {files.map((file) => (
        <Paper key={file.id} withBorder radius="xl" pl="sm" pr={4} py={2} data-testid="reply-file">
          <Group gap={6} wrap="nowrap">
            <Text size="xs" fw={500} maw={220} truncate="end" title={file.name}>
              {file.name}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatFileSize(file.size)}
            </Text>
            <CloseButton
              size="sm"
              onClick={() => state.remove(file.id)}
              aria-label={t('attachments.remove', { name: file.name })}
              data-testid="reply-file-remove"
            />
          </Group>
        </Paper>
      ))}
      {policy?.enabled && (
        <Tooltip
          label={t('replyFiles.types', { types: policy.extensions.join(', ') })}
          multiline
          w={320}
          withArrow
        >
          <Text size="xs" c="dimmed" data-testid="reply-files-limit">
            {files.length > 0
              ? t('replyFiles.used', {
                  count: files.length,
                  max: policy.maxFiles,
                  size: formatFileSize(total),
                  limit: formatFileSize(policy.totalLimitBytes),
                })
              : t('replyFiles.limit', {
                  count: policy.maxFiles,
                  size: formatFileSize(policy.totalLimitBytes),
                })}
          </Text>
        </Tooltip>
      )}
      {error && (
        <Text size="xs" c="red.7" role="alert" w="100%" data-testid="reply-files-error">
          {errorText(t, error)}
        </Text>
      )}
      {dropped.map((file) => (
        <Text key={file.name} size="xs" c="orange.8" role="alert" w="100%">
          {t(
            file.reason === 'card-data'
              ? 'attachments.droppedCardDataAgent'
              : 'attachments.droppedUnreadableAgent',
            { name: file.name },
          )}
        </Text>
      ))}
    </Group>
  );
}
