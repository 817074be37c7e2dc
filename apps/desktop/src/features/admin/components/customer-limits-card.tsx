import { Group, NumberInput } from '@mantine/core';
import { adminLimits, type CustomerLimits } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { useFormState } from '../hooks/use-form-state.ts';
import { checkWholeNumber, type NumberValue } from '../model/validate.ts';
import { SettingsCard } from './settings-card.tsx';

const fields = [
  'chatStartsPerIpPerMinute',
  'messagesPerChatPerMinute',
  'requestsPerIpPerMinute',
] as const satisfies readonly (keyof CustomerLimits)[];

const checkRate = (value: NumberValue) => checkWholeNumber(value, 1, adminLimits.customerRateMax);

/** What customers may send per minute; over it, the widget tells them to slow down. */
export function CustomerLimitsCard({
  limits,
  canEdit,
}: {
  limits: CustomerLimits;
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const form = useFormState(limits as Record<keyof CustomerLimits, NumberValue>, (values) => ({
    chatStartsPerIpPerMinute: checkRate(values.chatStartsPerIpPerMinute),
    messagesPerChatPerMinute: checkRate(values.messagesPerChatPerMinute),
    requestsPerIpPerMinute: checkRate(values.requestsPerIpPerMinute),
  }));
  const write = useAdminWrite((csrf, values: CustomerLimits) =>
    adminWrites.setCustomerLimits(csrf, values),
  );
  return (
    <SettingsCard
      testId="admin-customer-limits"
      hint={t('limits.hint')}
      canEdit={canEdit}
      write={write}
      onSave={(saved) => form.submit((values) => write.mutate(values as CustomerLimits, saved))}
    >
      <Group align="flex-start" gap="md">
        {fields.map((field) => (
          <NumberInput
            key={field}
            label={t(`limits.${field}`)}
            suffix={t('limits.perMinute')}
            w={220}
            min={1}
            max={adminLimits.customerRateMax}
            allowDecimal={false}
            clampBehavior="none"
            thousandSeparator=","
            disabled={!canEdit}
            data-testid={`admin-limit-${field}`}
            {...form.number(field)}
          />
        ))}
      </Group>
    </SettingsCard>
  );
}
