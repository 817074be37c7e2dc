import { Alert, Loader, ScrollArea, Stack, Tabs, Title } from '@mantine/core';
import { IconListDetails, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useAdminQueues, useAdminUsers } from '../hooks/use-admin-data.ts';
import { QueuesTable } from './queues-table.tsx';
import { UsersTable } from './users-table.tsx';

function Loadable<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: Error | null };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.data !== undefined) return children(query.data);
  if (query.error) return <Alert color="red">{errorText(t, query.error)}</Alert>;
  return <Loader size="sm" />;
}

/** Admin screens; loaded on demand so agents never download them. */
export function AdminPage() {
  const { t } = useTranslation();
  const users = useAdminUsers();
  const queues = useAdminQueues();
  return (
    <ScrollArea h="100%">
      <Stack p="lg" gap="md" maw={1100} data-testid="admin-page">
        <Title order={3}>{t('admin.title')}</Title>
        <Tabs defaultValue="users" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="users" leftSection={<IconUsers size={16} />}>
              {t('admin.users')}
            </Tabs.Tab>
            <Tabs.Tab value="queues" leftSection={<IconListDetails size={16} />}>
              {t('admin.queues')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="users" pt="md">
            <Loadable query={users}>{(data) => <UsersTable users={data} />}</Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="queues" pt="md">
            <Loadable query={queues}>{(data) => <QueuesTable queues={data} />}</Loadable>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}
