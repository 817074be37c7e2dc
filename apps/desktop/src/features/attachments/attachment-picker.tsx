import { ActionIcon, CloseButton, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import {
  checkAttachments,
  formatFileSize,
  type AttachmentPolicy,
  type AttachmentProblem,
  type SendAttachmentsResponse,
} from '@sangdam/contracts';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../lib/http-client.ts';

/** Under the `reference` key: an admin's change (`config:changed`) refetches it at once. */
export const attachmentPolicyQueryKey = ['reference', 'attachment-policy', 'chat'] as const;

/** The chat channel's attachment policy (R-CH-5), for the check before sending. */
export function useAttachmentPolicy(): AttachmentPolicy | undefined {
  return useQuery({
    queryKey: attachmentPolicyQueryKey,
    queryFn: () => apiRequest<AttachmentPolicy>('/chats/attachment-policy'),
    staleTime: 5 * 60_000,
  }).data;
}

/** The same check the server runs: what is wrong with these files, before anything is sent. */
export function attachmentProblem(
  policy: AttachmentPolicy | undefined,
  files: readonly File[],
): AttachmentProblem | null {
  if (!policy || files.length === 0) return null;
  return checkAttachments(policy, files);
}

/** Sends a message with files; the message itself arrives like any other (a push). */
export function sendWithAttachments(
  csrfToken: string,
  interactionId: string,
  text: string,
  files: readonly File[],
): Promise<SendAttachmentsResponse> {
  const body = new FormData();
  body.append('clientMessageId', crypto.randomUUID());
  if (text) body.append('text', text);
  for (const file of files) body.append('file', file, file.name);
  return apiRequest<SendAttachmentsResponse>(`/interactions/${interactionId}/attachments`, {
    method: 'POST',
    body,
    csrfToken,
  });
}

/** The paperclip button and its hidden file input (several files at once). */
export function AttachButton({
  disabled,
  onFiles,
}: {
  disabled: boolean;
  onFiles: (files: File[]) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Tooltip label={t('attachments.attach')} withArrow>
        <ActionIcon
          size="lg"
          variant="subtle"
          color="gray"
          onClick={() => input.current?.click()}
          disabled={disabled}
          aria-label={t('attachments.attach')}
          data-testid="compose-attach"
        >
          <IconPaperclip size={18} />
        </ActionIcon>
      </Tooltip>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="compose-file-input"
        onChange={(event) => {
          onFiles([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
    </>
  );
}

/** The files waiting to be sent: name and size, X removes one; the limit beside them. */
export function AttachmentChips({
  files,
  policy,
  onRemove,
}: {
  files: readonly File[];
  policy: AttachmentPolicy | undefined;
  onRemove: (index: number) => void;
}) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <Group gap={6} px={4} pb={4} data-testid="compose-attachments">
      {files.map((file, index) => (
        <Paper
          key={`${file.name}-${index}`}
          withBorder
          radius="xl"
          pl="sm"
          pr={4}
          py={2}
          data-testid="attachment-chip"
        >
          <Group gap={6} wrap="nowrap">
            <Text size="xs" fw={500} maw={220} truncate="end" title={file.name}>
              {file.name}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatFileSize(file.size)}
            </Text>
            <CloseButton
              size="sm"
              onClick={() => onRemove(index)}
              aria-label={t('attachments.remove', { name: file.name })}
              data-testid="attachment-remove"
            />
          </Group>
        </Paper>
      ))}
      {policy && (
        <Text size="xs" c="dimmed" data-testid="attachment-limit">
          {t('attachments.limit', {
            count: policy.maxFiles,
            size: formatFileSize(policy.totalLimitBytes),
          })}
        </Text>
      )}
    </Group>
  );
}
