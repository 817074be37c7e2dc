import {
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { adminLimits, type AdminQueue, type ChannelSetting } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { useFormState } from '../hooks/use-form-state.ts';
import { validateQueue, type QueueForm as Values } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';

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
  const form = useFormState<Values, 'name' | 'priority' | 'offerTimeoutSeconds'>(
    queue ?? blank,
    validateQueue,
  );
  const save = useAdminWrite((csrf, values: Values) =>
    adminWrites.saveQueue(csrf, queue?.id ?? null, {
      ...values,
      priority: Number(values.priority),
      offerTimeoutSeconds:
        values.offerTimeoutSeconds === null ? null : Number(values.offerTimeoutSeconds),
    }),
  );
  const { values } = form;
  const channelTimeout =
    channels.find((c) => c.channel === values.channel)?.offerTimeoutSeconds ?? 0;
  const ownTimeout = values.offerTimeoutSeconds !== null;

  return (
    <FormModal
      title={t(queue ? 'queues.editTitle' : 'queues.createTitle')}
      opened
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
      testId="admin-queue-form"
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
        label={t('common.name')}
        required
        value={values.name}
        onChange={(event) => form.set('name', event.currentTarget.value)}
        data-testid="admin-queue-name"
        {...form.field('name')}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('queues.channel')}
        </Text>
        <SegmentedControl
          value={values.channel}
          onChange={(value) => form.set('channel', value === 'email' ? 'email' : 'chat')}
          data={[
            { value: 'chat', label: t('common.chat') },
            { value: 'email', label: t('common.email') },
          ]}
        />
      </Stack>
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
        value={values.priority}
        onChange={(value) => form.set('priority', typeof value === 'number' ? value : '')}
        {...form.field('priority')}
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
