import { Button, Group, NumberInput, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { adminLimits, type Channel, type ChannelSetting } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { useFormState } from '../hooks/use-form-state.ts';
import { checkOfferTimeout, checkWholeNumber, type NumberValue } from '../model/validate.ts';
import { ServerError } from './server-error.tsx';

const minutes = 60;
const awayMinutes = {
  min: adminLimits.customerAwayTimeoutMinSeconds / minutes,
  max: adminLimits.customerAwayTimeoutMaxSeconds / minutes,
};

interface Values {
  chat: NumberValue;
  email: NumberValue;
  /** Minutes; '' = chats never end for being away. */
  chatAway: NumberValue;
}

/**
 * R-AV-7: the offer timeout (RONA) of each channel, for queues without their own; and after how
 * many minutes away a chat customer's chat ends (issue 8, finding 5).
 */
export function ChannelTimeouts({
  settings,
  canEdit,
}: {
  settings: readonly ChannelSetting[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const of = (channel: Channel) => settings.find((s) => s.channel === channel);
  const away = of('chat')?.customerAwayTimeoutSeconds ?? null;
  const initial: Values = {
    chat: of('chat')?.offerTimeoutSeconds ?? '',
    email: of('email')?.offerTimeoutSeconds ?? '',
    chatAway: away === null ? '' : Math.round(away / minutes),
  };
  const form = useFormState(initial, (values) => ({
    chat: checkOfferTimeout(values.chat),
    email: checkOfferTimeout(values.email),
    chatAway:
      values.chatAway === ''
        ? undefined
        : checkWholeNumber(values.chatAway, awayMinutes.min, awayMinutes.max),
  }));
  const write = useAdminWrite(async (csrf, values: Values) => {
    await adminWrites.setChannelTimeout(csrf, 'chat', {
      offerTimeoutSeconds: Number(values.chat),
      customerAwayTimeoutSeconds: values.chatAway === '' ? null : values.chatAway * minutes,
    });
    await adminWrites.setChannelTimeout(csrf, 'email', {
      offerTimeoutSeconds: Number(values.email),
    });
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
        </Group>
        <NumberInput
          label={t('queues.customerAway')}
          description={t('queues.customerAwayHint')}
          suffix={t('common.minutesSuffix')}
          maw={720}
          styles={{ wrapper: { width: 200 } }}
          min={awayMinutes.min}
          max={awayMinutes.max}
          allowDecimal={false}
          clampBehavior="none"
          disabled={!canEdit}
          data-testid="admin-channel-customer-away"
          {...form.number('chatAway')}
        />
        <Group>
          {canEdit && (
            <Button
              variant="light"
              loading={write.isPending}
              onClick={() =>
                form.submit((values) =>
                  write.mutate(values, {
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
