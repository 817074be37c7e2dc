import {
  ActionIcon,
  Center,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconArrowBackUp, IconX } from '@tabler/icons-react';
import type { ReplyMode } from '@sangdam/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, toAppError } from '../../../lib/app-error.ts';
import { fetchEmailCompose, fetchEmailTemplates, fetchRenderedTemplate } from '../api/email-api.ts';
import RichEditor from '../editor/rich-editor.tsx';
import { useEmailDraft } from '../hooks/use-email-draft.ts';
import { useStandardReply } from '../hooks/use-standard-reply.ts';
import { CcChips, invalidCc } from './cc-chips.tsx';
import { useReplyAttachments } from './reply-attachments.tsx';
import { ReplyFooter } from './reply-footer.tsx';

export interface StandardReplyProps {
  interactionId: string;
  mode: Exclude<ReplyMode, 'quick'>;
  disabled: boolean;
  onClose: () => void;
}

function HeaderRow({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Group gap={8} wrap="nowrap" align="baseline" px="xs">
      <Text size="xs" c="dimmed" w={56} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" truncate="end" miw={0} data-testid={testId} title={value}>
        {value}
      </Text>
    </Group>
  );
}

/**
 * R-EM-3 (표준 회신): Reply or Reply all — To and Subject as the server will send them (not
 * editable), CC as chips (Reply all starts with the original CC), a template picker (R-EM-4)
 * and the rich text editor; Send, then the wrap-up dialog. Loaded lazily with the editor.
 */
export default function StandardReply({
  interactionId,
  mode,
  disabled,
  onClose,
}: StandardReplyProps) {
  const { t } = useTranslation();
  const compose = useQuery({
    queryKey: ['email-compose', interactionId],
    queryFn: () => fetchEmailCompose(interactionId),
    staleTime: Infinity,
  });
  const templates = useQuery({
    queryKey: ['reference', 'email-templates'],
    queryFn: fetchEmailTemplates,
  });
  const headers = compose.data?.headers[mode];
  // Each mode has its own compose area and draft (the area is keyed by mode); CC starts from
  // the server's (for Reply all, the original mail's) until the agent changes it.
  const [cc, setCcList] = useState<string[] | null>(null);
  const ccNow = cc ?? headers?.cc ?? [];

  const [body, setBody] = useState({ html: '', empty: true });
  const [start, setStart] = useState({ html: '', key: 0 });
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [templateError, setTemplateError] = useState<unknown>(null);
  const [loadingTemplate, setLoadingTemplate] = useState(false);
  const draft = useEmailDraft(interactionId, mode, !disabled);
  const reply = useStandardReply(interactionId, draft.sync);
  const files = useReplyAttachments(interactionId);

  // R-EM-6: the stored draft once loaded (the editor starts from its HTML), and again should
  // another tab's be taken.
  const [loaded, setLoaded] = useState<string | null>(null);
  if (draft.content && draft.loadKey !== loaded) {
    const stored = draft.content;
    setLoaded(draft.loadKey);
    setStart((current) => ({ html: stored.body, key: current.key + 1 }));
    setBody({ html: stored.body, empty: stored.body === '' });
    setCcList(stored.empty ? null : stored.cc);
    setTemplateId(stored.templateId);
  }
  /** Hands the draft what the area holds now, with `next` changed. */
  const keep = (next: { body?: typeof body; cc?: string[]; templateId?: string | null }) => {
    const nextBody = next.body ?? body;
    const nextCc = next.cc ?? ccNow;
    const nextTemplate = next.templateId === undefined ? templateId : next.templateId;
    const startCc = headers?.cc ?? [];
    draft.sync?.change({
      body: nextBody.empty ? '' : nextBody.html,
      cc: nextCc,
      templateId: nextTemplate,
      empty:
        nextBody.empty &&
        nextTemplate === null &&
        nextCc.length === startCc.length &&
        nextCc.every((address, index) => address === startCc[index]),
    });
  };
  // A changed CC is judged afresh: the server's refusal of the old one no longer applies.
  const setCc = (next: string[]) => {
    setCcList(next);
    keep({ cc: next });
    if (reply.error) reply.reset();
  };
  const invalid = invalidCc(ccNow);
  const canSend =
    !disabled &&
    !reply.isPending &&
    !files.uploading &&
    headers !== undefined &&
    !body.empty &&
    invalid.length === 0;

  const submit = () => {
    if (!canSend) return;
    reply.mutate({
      mode,
      html: body.html,
      cc: ccNow,
      templateId,
      attachmentIds: files.files.map((file) => file.id),
    });
  };
  const pickTemplate = async (id: string | null) => {
    if (id === null) return;
    setLoadingTemplate(true);
    setTemplateError(null);
    try {
      const rendered = await fetchRenderedTemplate(interactionId, id);
      setTemplateId(id);
      setStart((current) => ({ html: rendered.html, key: current.key + 1 }));
      setBody({ html: rendered.html, empty: false });
      keep({ body: { html: rendered.html, empty: false }, templateId: id });
    } catch (error) {
      setTemplateError(error);
    } finally {
      setLoadingTemplate(false);
    }
  };
  const replyError = reply.error ? toAppError(reply.error) : null;
  const ccServerError = replyError?.code === 'EMAIL_CC_INVALID' ? errorText(t, replyError) : null;
  const note =
    replyError && replyError.code !== 'EMAIL_CC_INVALID'
      ? errorText(t, replyError)
      : templateError
        ? errorText(t, templateError)
        : compose.error
          ? errorText(t, compose.error)
          : disabled
            ? t('email.closed')
            : t('compose.hint');
  const noteIsError = Boolean(
    (replyError && replyError.code !== 'EMAIL_CC_INVALID') || templateError || compose.error,
  );
  const title = mode === 'reply' ? t('compose.reply') : t('compose.replyAll');

  return (
    <Paper withBorder radius="md" data-testid="standard-reply" data-mode={mode}>
      <Group gap="xs" px="xs" pt={6} pb={4} wrap="nowrap" justify="space-between">
        <Group gap={6} wrap="nowrap">
          <IconArrowBackUp size={16} color="var(--mantine-color-indigo-6)" />
          <Text size="sm" fw={600}>
            {title}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Select
            size="xs"
            w={220}
            placeholder={t('compose.templatePlaceholder')}
            aria-label={t('compose.template')}
            data={(templates.data ?? []).map((template) => ({
              value: template.id,
              label: template.name,
            }))}
            value={templateId}
            onChange={(id) => void pickTemplate(id)}
            searchable
            nothingFoundMessage={t('compose.noTemplates')}
            disabled={disabled || loadingTemplate}
            rightSection={loadingTemplate ? <Loader size={12} /> : undefined}
            comboboxProps={{ withinPortal: true }}
            data-testid="compose-template"
          />
          <Tooltip label={t('compose.close')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('compose.close')}
              onClick={onClose}
              data-testid="compose-close"
            >
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {headers === undefined ? (
        <Center py="md">
          {compose.error ? (
            <Text size="sm" c="red.7" role="alert">
              {errorText(t, compose.error)}
            </Text>
          ) : (
            <Loader size="sm" />
          )}
        </Center>
      ) : (
        <Stack gap={2} pb={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <HeaderRow
            label={t('email.to')}
            value={headers.to
              .map((m) => (m.name ? `${m.name} <${m.address}>` : m.address))
              .join(', ')}
            testId="compose-to"
          />
          <Group px="xs">
            <CcChips
              value={ccNow}
              onChange={setCc}
              disabled={disabled || reply.isPending}
              serverError={ccServerError}
            />
          </Group>
          <HeaderRow label={t('email.subject')} value={headers.subject} testId="compose-subject" />
        </Stack>
      )}
      <RichEditor
        key={start.key}
        initialHtml={start.html}
        onChange={(html, empty) => {
          setBody({ html, empty });
          keep({ body: { html, empty } });
        }}
        disabled={disabled || reply.isPending || draft.sync === null}
        onSubmit={submit}
        label={title}
      />
      <ReplyFooter
        testId="standard-reply"
        files={files}
        disabled={disabled}
        sending={reply.isPending}
        canSend={canSend}
        onSend={submit}
        notice={draft.notice}
        note={note}
        noteIsError={noteIsError}
        divided
      />
    </Paper>
  );
}
