import {
  ActionIcon,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Divider,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import {
  assistantLimits,
  limits,
  type AdminEntryPoint,
  type AdminQueue,
  type PrechatField,
} from '@sangdam/contracts';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateEntryPoint, type EntryPointForm as Values } from '../model/validate.ts';
import { embedSnippet } from './entry-points-panel.tsx';
import { FormModal } from './form-modal.tsx';
import { SegmentedField } from './segmented-field.tsx';

const initialOf = (entryPoint: AdminEntryPoint | null, queueId: string | null): Values => ({
  name: entryPoint?.name ?? '',
  queueId: entryPoint?.queueId ?? queueId,
  nameField: entryPoint?.nameField ?? 'required',
  emailField: entryPoint?.emailField ?? 'required',
  greeting: entryPoint?.greeting ?? '',
  answers: entryPoint?.answers.map((answer) => ({ ...answer })) ?? [],
  offerAgent: entryPoint?.handOver.offerAgent ?? true,
  afterMisses: entryPoint?.handOver.afterMisses ?? null,
});

/** Create (entryPoint null) or edit a chat entry point and its virtual assistant. */
export function EntryPointForm({
  entryPoint,
  chatQueues,
  onClose,
}: {
  entryPoint: AdminEntryPoint | null;
  chatQueues: readonly AdminQueue[];
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { form, modal } = useEntityForm({
    initial: initialOf(entryPoint, chatQueues[0]?.id ?? null),
    validate: validateEntryPoint,
    write: (csrf, values: Values) =>
      adminWrites.saveEntryPoint(csrf, entryPoint?.id ?? null, {
        name: values.name.trim(),
        queueId: values.queueId ?? '',
        nameField: values.nameField,
        emailField: values.emailField,
        greeting: values.greeting.trim(),
        answers: values.answers.map((answer) => ({
          label: answer.label.trim(),
          keywords: answer.keywords.map((keyword) => keyword.trim()).filter(Boolean),
          text: answer.text.trim(),
        })),
        handOver: {
          offerAgent: values.offerAgent,
          afterMisses: values.afterMisses === null ? null : Number(values.afterMisses),
        },
      }),
    onClose,
  });
  const { values } = form;
  const fieldOptions = (['required', 'optional'] as const).map((value) => ({
    value,
    label: t(`entryPoints.${value}`),
  }));
  const setAnswer = (index: number, change: Partial<Values['answers'][number]>) =>
    form.set(
      'answers',
      values.answers.map((answer, i) => (i === index ? { ...answer, ...change } : answer)),
    );
  const full = values.answers.length >= assistantLimits.answersMax;

  return (
    <FormModal
      title={
        entryPoint
          ? t('entryPoints.editTitle', { name: entryPoint.name })
          : t('entryPoints.createTitle')
      }
      testId="admin-entry-point-form"
      size="xl"
      {...modal}
    >
      <Group grow align="flex-start">
        <TextInput
          label={t('entryPoints.name')}
          required
          data-testid="admin-entry-point-name"
          {...form.text('name')}
        />
        <Select
          label={t('entryPoints.queue')}
          description={t('entryPoints.queueHint')}
          required
          allowDeselect={false}
          data-testid="admin-entry-point-queue"
          value={values.queueId}
          onChange={(queueId) => form.set('queueId', queueId)}
          data={chatQueues.map((queue) => ({ value: queue.id, label: queue.name }))}
          {...form.field('queueId')}
        />
      </Group>
      <Group grow align="flex-start">
        <SegmentedField<PrechatField>
          label={`${t('entryPoints.prechat')} · ${t('entryPoints.nameField')}`}
          value={values.nameField}
          options={fieldOptions}
          onChange={(nameField) => form.set('nameField', nameField)}
        />
        <SegmentedField<PrechatField>
          label={`${t('entryPoints.prechat')} · ${t('entryPoints.emailField')}`}
          value={values.emailField}
          options={fieldOptions}
          onChange={(emailField) => form.set('emailField', emailField)}
        />
      </Group>
      <Textarea
        label={t('entryPoints.greeting')}
        description={t('entryPoints.greetingHint')}
        autosize
        minRows={2}
        maxRows={5}
        data-testid="admin-entry-point-greeting"
        {...form.text('greeting')}
      />
      <Divider
        label={t('entryPoints.assistant')}
        labelPosition="left"
        styles={{ label: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } }}
      />
      <Text size="xs" c="dimmed" mt={-8}>
        {t('entryPoints.assistantHint')}
      </Text>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {t('entryPoints.answers', {
            count: values.answers.length,
            max: assistantLimits.answersMax,
          })}
        </Text>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={full}
          data-testid="admin-entry-point-add-answer"
          onClick={() =>
            form.set('answers', [...values.answers, { label: '', keywords: [], text: '' }])
          }
        >
          {t('entryPoints.addAnswer')}
        </Button>
      </Group>
      {values.answers.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('entryPoints.noAnswers')}
        </Text>
      )}
      {values.answers.map((answer, index) => (
        <Paper key={index} withBorder p="sm" radius="md" data-testid="admin-entry-point-answer">
          <Stack gap={6}>
            <Group align="flex-start" wrap="nowrap" gap="xs">
              <TextInput
                style={{ flex: 1 }}
                label={t('entryPoints.question')}
                required
                value={answer.label}
                onChange={(event) => setAnswer(index, { label: event.currentTarget.value })}
                data-testid="admin-answer-question"
                {...form.field(`answers.${index}.label`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mt={26}
                aria-label={t('entryPoints.removeAnswer', { n: index + 1 })}
                onClick={() =>
                  form.set(
                    'answers',
                    values.answers.filter((_, i) => i !== index),
                  )
                }
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            <TagsInput
              label={t('entryPoints.keywords')}
              description={t('entryPoints.keywordsHint', {
                max: assistantLimits.keywordsPerAnswerMax,
              })}
              value={answer.keywords}
              onChange={(keywords) => setAnswer(index, { keywords })}
              splitChars={[',']}
              clearable
              data-testid="admin-answer-keywords"
              {...form.field(`answers.${index}.keywords`)}
            />
            <Textarea
              label={t('entryPoints.answer')}
              required
              autosize
              minRows={2}
              maxRows={6}
              value={answer.text}
              onChange={(event) => setAnswer(index, { text: event.currentTarget.value })}
              data-testid="admin-answer-text"
              {...form.field(`answers.${index}.text`)}
            />
            <Text size="xs" c="dimmed" ta="right" ff="monospace" mt={-4}>
              {[...answer.text.trim()].length} / {limits.chatMessageMaxLength}
            </Text>
          </Stack>
        </Paper>
      ))}
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('entryPoints.handOver')}
        </Text>
        <Checkbox
          label={t('entryPoints.offerAgent')}
          checked={values.offerAgent}
          onChange={(event) => form.set('offerAgent', event.currentTarget.checked)}
          data-testid="admin-entry-point-offer-agent"
        />
        <Group gap="sm" align="flex-start">
          <Checkbox
            mt={6}
            label={t('entryPoints.afterMisses')}
            checked={values.afterMisses !== null}
            onChange={(event) => form.set('afterMisses', event.currentTarget.checked ? 2 : null)}
            data-testid="admin-entry-point-after-misses"
          />
          {values.afterMisses !== null && (
            <NumberInput
              w={110}
              min={1}
              max={assistantLimits.missesMax}
              aria-label={t('entryPoints.misses')}
              value={values.afterMisses}
              onChange={(value) => form.set('afterMisses', typeof value === 'number' ? value : '')}
              {...form.field('afterMisses')}
            />
          )}
        </Group>
        {form.field('handOver').error && (
          <Text size="xs" c="red.7" role="alert">
            {form.field('handOver').error}
          </Text>
        )}
      </Stack>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('entryPoints.embed')}
        </Text>
        {entryPoint ? (
          <>
            <Code block data-testid="admin-entry-point-snippet" style={{ whiteSpace: 'pre-wrap' }}>
              {embedSnippet(entryPoint.id)}
            </Code>
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {t('entryPoints.embedHint')}
              </Text>
              <CopyButton value={embedSnippet(entryPoint.id)}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" onClick={copy}>
                    {t(copied ? 'entryPoints.copied' : 'entryPoints.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </>
        ) : (
          <Text size="xs" c="dimmed">
            {t('entryPoints.embedAfterSave')}
          </Text>
        )}
      </Stack>
    </FormModal>
  );
}
