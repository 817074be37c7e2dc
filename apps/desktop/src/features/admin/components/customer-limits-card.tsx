import { Button, Group, NumberInput, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { adminLimits, type CustomerLimits } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { useFormState } from '../hooks/use-form-state.ts';
import { checkWholeNumber, type NumberValue } from '../model/validate.ts';
import { ServerError } from './server-error.tsx';

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
    <Paper withBorder p="md" radius="sm" data-testid="admin-customer-limits">
      <Stack gap="xs">
        <Text size="sm" c="dimmed" maw={720}>
          {t('limits.hint')}
        </Text>
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
          {canEdit && (
            <Button
              mt={25}
              variant="light"
              loading={write.isPending}
              onClick={() =>
                form.submit((values) =>
                  write.mutate(values as CustomerLimits, {
                    onSuccess: () => notifications.show({ message: t('common.saved') }),
                  }),
                )
              }
              data-testid="admin-customer-limits-save"
            >
              {t('common.save')}
            </Button>
          )}
        </Group>
        <ServerError error={write.error} />
      </Stack>
    </Paper>
  );
}
