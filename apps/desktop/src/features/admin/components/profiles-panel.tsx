import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { AdminProfile } from '@sangdam/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDelete } from './confirm-delete.tsx';
import { ProfileForm } from './profile-form.tsx';
import { RowActions } from './row-actions.tsx';

/** Multimedia profiles: mode and capacity per channel (R-AV-2, R-AV-7). */
export function ProfilesPanel({
  profiles,
  canEdit,
}: {
  profiles: readonly AdminProfile[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const [editing, setEditing] = useState<AdminProfile | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AdminProfile | null>(null);
  return (
    <Stack gap="md">
      <Group justify="flex-end">
        {canEdit && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing('new')}
            data-testid="admin-add-profile"
          >
            {t('profiles.add')}
          </Button>
        )}
      </Group>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="admin-profiles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('profiles.mode')}</Table.Th>
            <Table.Th>{t('profiles.chatCapacity')}</Table.Th>
            <Table.Th>{t('profiles.emailCapacity')}</Table.Th>
            <Table.Th>{t('profiles.usage')}</Table.Th>
            {canEdit && <Table.Th w={80} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profiles.map((profile) => (
            <Table.Tr key={profile.id} data-testid="admin-profile-row">
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
              {canEdit && (
                <Table.Td>
                  <RowActions
                    onEdit={() => setEditing(profile)}
                    onDelete={() => setDeleting(profile)}
                  />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {profiles.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {editing && (
        <ProfileForm
          profile={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDelete
        target={deleting && { name: deleting.name, path: `/profiles/${deleting.id}` }}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
