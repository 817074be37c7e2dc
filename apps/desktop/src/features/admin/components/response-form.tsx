import { Autocomplete, Text, Textarea, TextInput } from '@mantine/core';
import { countCharacters, limits, type PredefinedResponse } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateResponse, type ResponseForm as Values } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';

/** Create (response null) or edit a predefined chat response; categories in use are offered. */
export function ResponseForm({
  response,
  categories,
  onClose,
}: {
  response: PredefinedResponse | null;
  categories: readonly string[];
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { form, modal } = useEntityForm({
    initial: {
      title: response?.title ?? '',
      text: response?.text ?? '',
      category: response?.category ?? '',
    },
    validate: validateResponse,
    write: (csrf, values: Values) =>
      adminWrites.saveResponse(csrf, response?.id ?? null, {
        title: values.title.trim(),
        text: values.text.trim(),
        category: values.category.trim() || null,
      }),
    onClose,
  });
  const max = limits.chatMessageMaxLength;
  const length = countCharacters(form.values.text.trim());
  return (
    <FormModal
      title={t(response ? 'responses.editTitle' : 'responses.createTitle')}
      testId="admin-response-form"
      {...modal}
    >
      <TextInput
        label={t('responses.title')}
        required
        data-testid="admin-response-title"
        {...form.text('title')}
      />
      <Autocomplete
        label={t('responses.category')}
        description={t('responses.categoryHint')}
        data={[...categories]}
        data-testid="admin-response-category"
        value={form.values.category}
        onChange={(value) => form.set('category', value)}
        {...form.field('category')}
      />
      <Textarea
        label={t('responses.text')}
        description={t('responses.textHint')}
        required
        autosize
        minRows={4}
        maxRows={12}
        data-testid="admin-response-text"
        {...form.text('text')}
      />
      <Text size="xs" c={length > max ? 'red.7' : 'dimmed'} ta="right" ff="monospace" mt={-6}>
        {length} / {max}
      </Text>
    </FormModal>
  );
}
