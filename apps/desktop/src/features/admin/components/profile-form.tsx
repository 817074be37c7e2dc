import { Group, NumberInput, Switch, TextInput } from '@mantine/core';
import { adminLimits, type AdminProfile } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateProfile, type ProfileForm as Values } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';
import { SegmentedField } from './segmented-field.tsx';

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
  const { form, modal } = useEntityForm({
    initial: profile ?? blank,
    validate: validateProfile,
    write: (csrf, values: Values) =>
      adminWrites.saveProfile(csrf, profile?.id ?? null, {
        name: values.name,
        mode: values.mode,
        isDefault: values.isDefault,
        chatCapacity: Number(values.chatCapacity),
        emailCapacity: Number(values.emailCapacity),
      }),
    onClose,
  });
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
      data-testid={`admin-profile-${key}`}
      {...form.number(key)}
    />
  );

  return (
    <FormModal
      title={t(profile ? 'profiles.editTitle' : 'profiles.createTitle')}
      testId="admin-profile-form"
      {...modal}
    >
      <TextInput
        label={t('common.name')}
        required
        data-testid="admin-profile-name"
        {...form.text('name')}
      />
      <SegmentedField
        label={t('profiles.mode')}
        hint={t('profiles.modeHint')}
        value={values.mode}
        options={[
          { value: 'blended', label: t('profiles.modes.blended') },
          { value: 'exclusive', label: t('profiles.modes.exclusive') },
        ]}
        onChange={(mode) => form.set('mode', mode)}
      />
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
