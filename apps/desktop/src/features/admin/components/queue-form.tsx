import { Group, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { adminLimits, type AdminQueue, type ChannelSetting } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateQueue, type QueueForm as Values } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';
import { SegmentedField } from './segmented-field.tsx';

const blank: Values = {
  name: '',
  channel: 'chat',
  priority: 0,
  routingStrategy: 'longest-available',
  offerTimeoutSeconds: null,
};

/** Create (queue null) or edit a queue. */
export function QueueForm({
  queue,
  channels,
  onClose,
}: {
  queue: AdminQueue | null;
  channels: readonly ChannelSetting[];
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { form, modal } = useEntityForm({
    initial: queue ?? blank,
    validate: validateQueue,
    write: (csrf, values: Values) =>
      adminWrites.saveQueue(csrf, queue?.id ?? null, {
        ...values,
        priority: Number(values.priority),
        offerTimeoutSeconds:
          values.offerTimeoutSeconds === null ? null : Number(values.offerTimeoutSeconds),
      }),
    onClose,
  });
  const { values } = form;
  const channelTimeout =
    channels.find((c) => c.channel === values.channel)?.offerTimeoutSeconds ?? 0;
  const ownTimeout = values.offerTimeoutSeconds !== null;

  return (
    <FormModal
      title={t(queue ? 'queues.editTitle' : 'queues.createTitle')}
      testId="admin-queue-form"
      {...modal}
    >
      <TextInput
        label={t('common.name')}
        required
        data-testid="admin-queue-name"
        {...form.text('name')}
      />
      <SegmentedField
        label={t('queues.channel')}
        value={values.channel}
        options={[
          { value: 'chat', label: t('common.chat') },
          { value: 'email', label: t('common.email') },
        ]}
        onChange={(channel) => form.set('channel', channel)}
      />
      <Select
        label={t('queues.strategy')}
        description={t('queues.strategyHint')}
        data-testid="admin-queue-strategy"
        allowDeselect={false}
        value={values.routingStrategy}
        onChange={(value) =>
          form.set('routingStrategy', value === 'circular' ? 'circular' : 'longest-available')
        }
        data={(['longest-available', 'circular'] as const).map((value) => ({
          value,
          label: t(`queues.strategies.${value}`),
        }))}
      />
      <NumberInput
        label={t('queues.priority')}
        description={t('queues.priorityHint', { min: 0, max: adminLimits.queuePriorityMax })}
        min={0}
        max={adminLimits.queuePriorityMax}
        allowDecimal={false}
        clampBehavior="none"
        {...form.number('priority')}
      />
      <Stack gap={6}>
        <Switch
          label={t('queues.ownTimeout')}
          description={t('queues.ownTimeoutHint', {
            min: adminLimits.offerTimeoutMinSeconds,
            max: adminLimits.offerTimeoutMaxSeconds,
          })}
          checked={ownTimeout}
          onChange={(event) =>
            form.set('offerTimeoutSeconds', event.currentTarget.checked ? channelTimeout : null)
          }
          data-testid="admin-queue-own-timeout"
        />
        <Group>
          {ownTimeout ? (
            <NumberInput
              aria-label={t('queues.ownTimeout')}
              suffix={t('common.secondsSuffix')}
              min={adminLimits.offerTimeoutMinSeconds}
              max={adminLimits.offerTimeoutMaxSeconds}
              allowDecimal={false}
              clampBehavior="none"
              w={160}
              value={values.offerTimeoutSeconds ?? ''}
              onChange={(value) =>
                form.set('offerTimeoutSeconds', typeof value === 'number' ? value : '')
              }
              data-testid="admin-queue-timeout"
              {...form.field('offerTimeoutSeconds')}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('queues.channelDefault', { count: channelTimeout })}
            </Text>
          )}
        </Group>
      </Stack>
    </FormModal>
  );
}
