import { Badge, Group, Table, Text } from '@mantine/core';
import type { AdminProfile } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { EntityTablePanel } from './entity-table-panel.tsx';
import { ProfileForm } from './profile-form.tsx';

/** Multimedia profiles: mode and capacity per channel (R-AV-2, R-AV-7). */
export function ProfilesPanel({
  profiles,
  canEdit,
}: {
  profiles: readonly AdminProfile[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  return (
    <EntityTablePanel
      items={profiles}
      canEdit={canEdit}
      addLabel={t('profiles.add')}
      testIds={{ add: 'admin-add-profile', table: 'admin-profiles', row: 'admin-profile-row' }}
      head={
        <>
          <Table.Th>{t('common.name')}</Table.Th>
          <Table.Th>{t('profiles.mode')}</Table.Th>
          <Table.Th>{t('profiles.chatCapacity')}</Table.Th>
          <Table.Th>{t('profiles.emailCapacity')}</Table.Th>
          <Table.Th>{t('profiles.usage')}</Table.Th>
        </>
      }
      cells={(profile) => (
        <>
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={500}>
                {profile.name}
              </Text>
              {profile.isDefault && (
                <Badge size="xs" variant="light">
                  {t('common.default')}
                </Badge>
              )}
            </Group>
          </Table.Td>
          <Table.Td>{t(`profiles.modes.${profile.mode}`)}</Table.Td>
          <Table.Td>{profile.chatCapacity}</Table.Td>
          <Table.Td>{profile.emailCapacity}</Table.Td>
          <Table.Td>
            <Text size="sm" c="dimmed">
              {t('profiles.usageValue', { teams: profile.teamCount, users: profile.userCount })}
            </Text>
          </Table.Td>
        </>
      )}
      deleteTarget={(profile) => ({ name: profile.name, path: `/profiles/${profile.id}` })}
      form={(profile, onClose) => <ProfileForm profile={profile} onClose={onClose} />}
    />
  );
}
