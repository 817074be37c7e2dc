import { Autocomplete, Code, Group, Text, Textarea, TextInput } from '@mantine/core';
import { adminLimits, countCharacters, type EmailTemplate } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateEmailTemplate, type EmailTemplateForm as Values } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';

/** Create (template null) or edit an email template; categories in use are offered. */
export function EmailTemplateForm({
  template,
  categories,
  onClose,
}: {
  template: EmailTemplate | null;
  categories: readonly string[];
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { form, modal } = useEntityForm({
    initial: {
      name: template?.name ?? '',
      bodyHtml: template?.bodyHtml ?? '',
      category: template?.category ?? '',
    },
    validate: validateEmailTemplate,
    write: (csrf, values: Values) =>
      adminWrites.saveEmailTemplate(csrf, template?.id ?? null, {
        name: values.name.trim(),
        bodyHtml: values.bodyHtml.trim(),
        category: values.category.trim() || null,
      }),
    onClose,
  });
  const max = adminLimits.emailTemplateBodyMaxLength;
  const length = countCharacters(form.values.bodyHtml.trim());
  return (
    <FormModal
      title={t(template ? 'emailTemplates.editTitle' : 'emailTemplates.createTitle')}
      testId="admin-email-template-form"
      size="lg"
      {...modal}
    >
      <TextInput
        label={t('emailTemplates.name')}
        required
        data-testid="admin-email-template-name"
        {...form.text('name')}
      />
      <Autocomplete
        label={t('emailTemplates.category')}
        description={t('emailTemplates.categoryHint')}
        data={[...categories]}
        data-testid="admin-email-template-category"
        value={form.values.category}
        onChange={(value) => form.set('category', value)}
        {...form.field('category')}
      />
      <Textarea
        label={t('emailTemplates.body')}
        description={t('emailTemplates.bodyHint')}
        required
        autosize
        minRows={8}
        maxRows={18}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        data-testid="admin-email-template-body"
        {...form.text('bodyHtml')}
      />
      <Group justify="space-between" mt={-6} wrap="nowrap" align="flex-start">
        <Text size="xs" c="dimmed">
          <Code>{'{{customer.name}}'}</Code> {t('emailTemplates.customerName')} ·{' '}
          <Code>{'{{agent.name}}'}</Code> {t('emailTemplates.agentName')}
        </Text>
        <Text size="xs" c={length > max ? 'red.7' : 'dimmed'} ff="monospace">
          {length} / {max}
        </Text>
      </Group>
    </FormModal>
  );
}
