import { Button, Group, NumberInput, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { adminLimits, type Channel, type ChannelSetting } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { useFormState } from '../hooks/use-form-state.ts';
import { checkOfferTimeout, type NumberValue } from '../model/validate.ts';
import { ServerError } from './server-error.tsx';

/** R-AV-7: the offer timeout (RONA) of each channel, for queues without their own. */
export function ChannelTimeouts({
  settings,
  canEdit,
}: {
  settings: readonly ChannelSetting[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const initial = Object.fromEntries(
    settings.map((s) => [s.channel, s.offerTimeoutSeconds as NumberValue]),
  ) as Record<Channel, NumberValue>;
  const form = useFormState(initial, (values) => ({
    chat: checkOfferTimeout(values.chat),
    email: checkOfferTimeout(values.email),
  }));
  const write = useAdminWrite(async (csrf, values: Record<Channel, number>) => {
    for (const channel of ['chat', 'email'] as const) {
      await adminWrites.setChannelTimeout(csrf, channel, values[channel]);
    }
  });
  return (
    <Paper withBorder p="md" radius="sm" data-testid="admin-channel-timeouts">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('queues.channelTimeouts')}
        </Text>
        <Text size="xs" c="dimmed" maw={720}>
          {t('queues.channelTimeoutsHint')}
        </Text>
        <Group align="flex-start" gap="md">
          {(['chat', 'email'] as const).map((channel) => (
            <NumberInput
              key={channel}
              label={t(`common.${channel}`)}
              suffix={t('common.secondsSuffix')}
              w={160}
              min={adminLimits.offerTimeoutMinSeconds}
              max={adminLimits.offerTimeoutMaxSeconds}
              allowDecimal={false}
              clampBehavior="none"
              disabled={!canEdit}
              data-testid={`admin-channel-timeout-${channel}`}
              {...form.number(channel)}
            />
          ))}
          {canEdit && (
            <Button
              mt={25}
              variant="light"
              loading={write.isPending}
              onClick={() =>
                form.submit((values) =>
                  write.mutate(values as Record<Channel, number>, {
                    onSuccess: () => notifications.show({ message: t('common.saved') }),
                  }),
                )
              }
              data-testid="admin-channel-timeouts-save"
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
