import { NumberInput, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { adminLimits, type AdminReason, type ReasonKind } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { useFormState } from '../hooks/use-form-state.ts';
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
  const form = useFormState<Values, 'label' | 'sortOrder'>(
    reason ?? { label: '', isDefault: false, sortOrder: nextOrder },
    validateReason,
  );
  const save = useAdminWrite((csrf, values: Values) =>
    adminWrites.saveReason(csrf, kind, reason?.id ?? null, {
      ...values,
      sortOrder: Number(values.sortOrder),
    }),
  );
  const { values } = form;
  return (
    <FormModal
      title={t(reason ? 'reasons.editTitle' : 'reasons.createTitle')}
      opened
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
      testId="admin-reason-form"
      onSubmit={() =>
        form.submit((valid) =>
          save.mutate(valid, {
            onSuccess: () => {
              notifications.show({ message: t('common.saved') });
              onClose();
            },
          }),
        )
      }
    >
      <TextInput
        label={t('reasons.label')}
        required
        value={values.label}
        onChange={(event) => form.set('label', event.currentTarget.value)}
        data-testid="admin-reason-label"
        {...form.field('label')}
      />
      <NumberInput
        label={t('reasons.order')}
        description={t('reasons.orderHint', { min: 0, max: adminLimits.reasonOrderMax })}
        min={0}
        max={adminLimits.reasonOrderMax}
        allowDecimal={false}
        clampBehavior="none"
        value={values.sortOrder}
        onChange={(value) => form.set('sortOrder', typeof value === 'number' ? value : '')}
        {...form.field('sortOrder')}
      />
      <Switch
        label={t('reasons.isDefault')}
        description={t(
          kind === 'idle' ? 'reasons.isDefaultHintIdle' : 'reasons.isDefaultHintWrapUp',
        )}
        checked={values.isDefault}
        disabled={reason?.isDefault === true}
        onChange={(event) => form.set('isDefault', event.currentTarget.checked)}
      />
    </FormModal>
  );
}
