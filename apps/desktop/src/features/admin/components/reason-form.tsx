import { NumberInput, Switch, TextInput } from '@mantine/core';
import { adminLimits, type AdminReason, type ReasonKind } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateReason, type ReasonForm as Values } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';

/** Create (reason null) or edit a wrap-up or idle reason. */
export function ReasonForm({
  kind,
  reason,
  nextOrder,
  onClose,
}: {
  kind: ReasonKind;
  reason: AdminReason | null;
  nextOrder: number;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { form, modal } = useEntityForm({
    initial: reason ?? { label: '', isDefault: false, sortOrder: nextOrder },
    validate: validateReason,
    write: (csrf, values: Values) =>
      adminWrites.saveReason(csrf, kind, reason?.id ?? null, {
        ...values,
        sortOrder: Number(values.sortOrder),
      }),
    onClose,
  });
  return (
    <FormModal
      title={t(reason ? 'reasons.editTitle' : 'reasons.createTitle')}
      testId="admin-reason-form"
      {...modal}
    >
      <TextInput
        label={t('reasons.label')}
        required
        data-testid="admin-reason-label"
        {...form.text('label')}
      />
      <NumberInput
        label={t('reasons.order')}
        description={t('reasons.orderHint', { min: 0, max: adminLimits.reasonOrderMax })}
        min={0}
        max={adminLimits.reasonOrderMax}
        allowDecimal={false}
        clampBehavior="none"
        {...form.number('sortOrder')}
      />
      <Switch
        label={t('reasons.isDefault')}
        description={t(
          kind === 'idle' ? 'reasons.isDefaultHintIdle' : 'reasons.isDefaultHintWrapUp',
        )}
        checked={form.values.isDefault}
        disabled={reason?.isDefault === true}
        onChange={(event) => form.set('isDefault', event.currentTarget.checked)}
      />
    </FormModal>
  );
}
