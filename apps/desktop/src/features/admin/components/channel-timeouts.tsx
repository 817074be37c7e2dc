import { Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { adminLimits, type Channel, type ChannelSetting } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { useFormState } from '../hooks/use-form-state.ts';
import { checkOfferTimeout, checkWholeNumber, type NumberValue } from '../model/validate.ts';
import { SettingsCard } from './settings-card.tsx';

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
  /** R-WU-2: seconds until the default wrap-up reason is recorded; '' = never. */
  chatWrapUp: NumberValue;
  emailWrapUp: NumberValue;
  chatWrapUpCancel: boolean;
  emailWrapUpCancel: boolean;
}

const channels = ['chat', 'email'] as const;
const wrapUpKey = (channel: Channel) => `${channel}WrapUp` as const;
const cancelKey = (channel: Channel) => `${channel}WrapUpCancel` as const;
const checkWrapUp = (value: NumberValue) =>
  value === ''
    ? undefined
    : checkWholeNumber(
        value,
        adminLimits.wrapUpTimeoutMinSeconds,
        adminLimits.wrapUpTimeoutMaxSeconds,
      );
const seconds = (value: NumberValue) => (value === '' ? null : value);

/**
 * R-AV-7: the offer timeout (RONA) of each channel, for queues without their own; after how
 * many minutes away a chat customer's chat ends (issue 8, finding 5); and R-WU-2: each channel's
 * wrap-up countdown and whether agents may stop it.
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
    chatWrapUp: of('chat')?.wrapUpTimeoutSeconds ?? '',
    emailWrapUp: of('email')?.wrapUpTimeoutSeconds ?? '',
    chatWrapUpCancel: of('chat')?.wrapUpCancelAllowed ?? true,
    emailWrapUpCancel: of('email')?.wrapUpCancelAllowed ?? true,
  };
  const form = useFormState(initial, (values) => ({
    chat: checkOfferTimeout(values.chat),
    email: checkOfferTimeout(values.email),
    chatAway:
      values.chatAway === ''
        ? undefined
        : checkWholeNumber(values.chatAway, awayMinutes.min, awayMinutes.max),
    chatWrapUp: checkWrapUp(values.chatWrapUp),
    emailWrapUp: checkWrapUp(values.emailWrapUp),
  }));
  const write = useAdminWrite(async (csrf, values: Values) => {
    await adminWrites.setChannelTimeout(csrf, 'chat', {
      offerTimeoutSeconds: Number(values.chat),
      customerAwayTimeoutSeconds: values.chatAway === '' ? null : values.chatAway * minutes,
      wrapUpTimeoutSeconds: seconds(values.chatWrapUp),
      wrapUpCancelAllowed: values.chatWrapUpCancel,
    });
    await adminWrites.setChannelTimeout(csrf, 'email', {
      offerTimeoutSeconds: Number(values.email),
      wrapUpTimeoutSeconds: seconds(values.emailWrapUp),
      wrapUpCancelAllowed: values.emailWrapUpCancel,
    });
  });
  return (
    <SettingsCard
      testId="admin-channel-timeouts"
      title={t('queues.channelTimeouts')}
      hint={t('queues.channelTimeoutsHint')}
      canEdit={canEdit}
      write={write}
      onSave={(saved) => form.submit((values) => write.mutate(values, saved))}
    >
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
      <Text fw={600} size="sm" mt="xs">
        {t('queues.wrapUp')}
      </Text>
      <Text size="xs" c="dimmed" maw={720}>
        {t('queues.wrapUpHint')}
      </Text>
      <Group align="flex-start" gap="xl">
        {channels.map((channel) => (
          <Stack key={channel} gap={8} w={260}>
            <NumberInput
              label={t(`common.${channel}`)}
              suffix={t('common.secondsSuffix')}
              placeholder={t('queues.wrapUpOff')}
              min={adminLimits.wrapUpTimeoutMinSeconds}
              max={adminLimits.wrapUpTimeoutMaxSeconds}
              allowDecimal={false}
              clampBehavior="none"
              disabled={!canEdit}
              data-testid={`admin-channel-wrap-up-${channel}`}
              {...form.number(wrapUpKey(channel))}
            />
            <Switch
              label={t('queues.wrapUpCancel')}
              checked={form.values[cancelKey(channel)]}
              onChange={(event) => form.set(cancelKey(channel), event.currentTarget.checked)}
              disabled={!canEdit || form.values[wrapUpKey(channel)] === ''}
              data-testid={`admin-channel-wrap-up-cancel-${channel}`}
            />
          </Stack>
        ))}
      </Group>
    </SettingsCard>
  );
}
