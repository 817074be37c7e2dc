import { Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StateDot } from '../../presence/components/state-dot.tsx';
import type { AdminUser } from '../api/admin-api.ts';

export function UsersTable({ users }: { users: readonly AdminUser[] }) {
  const { t } = useTranslation();
  if (users.length === 0) return <Text c="dimmed">{t('admin.emptyUsers')}</Text>;
  return (
    <Table striped highlightOnHover verticalSpacing="xs" data-testid="admin-users">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('admin.name')}</Table.Th>
          <Table.Th>{t('admin.email')}</Table.Th>
          <Table.Th>{t('admin.role')}</Table.Th>
          <Table.Th>{t('admin.state')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {users.map((user) => (
          <Table.Tr key={user.id}>
            <Table.Td>{user.displayName}</Table.Td>
            <Table.Td>{user.email}</Table.Td>
            <Table.Td>
              <Badge variant="light" color="gray" size="sm">
                {t(`admin.roles.${user.role}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <StateDot state={user.presence.state} size={8} />
                <Text size="sm">{t(`presence.${user.presence.state}`)}</Text>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
