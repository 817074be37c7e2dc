import {
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { adminLimits, type AdminProfile } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { useFormState } from '../hooks/use-form-state.ts';
import { validateProfile, type ProfileForm as Values } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';

const blank: Values = {
  name: '',
  mode: 'blended',
  chatCapacity: 5,
  emailCapacity: 5,
  isDefault: false,
};

/** Create (profile null) or edit a multimedia profile (R-AV-2, R-AV-7). */
export function ProfileForm({
  profile,
  onClose,
}: {
  profile: AdminProfile | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const form = useFormState<Values, 'name' | 'chatCapacity' | 'emailCapacity'>(
    profile ?? blank,
    validateProfile,
  );
  const save = useAdminWrite((csrf, values: Values) =>
    adminWrites.saveProfile(csrf, profile?.id ?? null, {
      name: values.name,
      mode: values.mode,
      isDefault: values.isDefault,
      chatCapacity: Number(values.chatCapacity),
      emailCapacity: Number(values.emailCapacity),
    }),
  );
  const { values } = form;
  const capacity = (key: 'chatCapacity' | 'emailCapacity') => (
    <NumberInput
      label={t(`profiles.${key}`)}
      description={t('profiles.capacityHint', { max: adminLimits.capacityMax })}
      min={0}
      max={adminLimits.capacityMax}
      allowDecimal={false}
      clampBehavior="none"
      w={180}
      value={values[key]}
      onChange={(value) => form.set(key, typeof value === 'number' ? value : '')}
      data-testid={`admin-profile-${key}`}
      {...form.field(key)}
    />
  );

  return (
    <FormModal
      title={t(profile ? 'profiles.editTitle' : 'profiles.createTitle')}
      opened
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
      testId="admin-profile-form"
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
        data-testid="admin-profile-name"
        {...form.field('name')}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('profiles.mode')}
        </Text>
        <SegmentedControl
          value={values.mode}
          onChange={(value) => form.set('mode', value === 'exclusive' ? 'exclusive' : 'blended')}
          data={[
            { value: 'blended', label: t('profiles.modes.blended') },
            { value: 'exclusive', label: t('profiles.modes.exclusive') },
          ]}
        />
        <Text size="xs" c="dimmed">
          {t('profiles.modeHint')}
        </Text>
      </Stack>
      <Group align="flex-start" gap="md">
        {capacity('chatCapacity')}
        {capacity('emailCapacity')}
      </Group>
      <Switch
        label={t('profiles.isDefault')}
        description={t('profiles.isDefaultHint')}
        checked={values.isDefault}
        disabled={profile?.isDefault === true}
        onChange={(event) => form.set('isDefault', event.currentTarget.checked)}
      />
    </FormModal>
  );
}
