import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AdminUser } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { ServerError } from './server-error.tsx';

export type UserAction = 'deactivate' | 'reactivate' | 'resetPassword';

/**
 * Asks before deactivating, reactivating or resetting a password, and says what will happen.
 * A reset's new temporary password goes to `onPassword`.
 */
export function ConfirmUserAction({
  target,
  onClose,
  onPassword,
}: {
  target: { user: AdminUser; action: UserAction } | null;
  onClose: () => void;
  onPassword: (user: AdminUser, password: string) => void;
}) {
  const { t } = useTranslation('admin');
  const run = useAdminWrite(
    async (csrf, { user, action }: { user: AdminUser; action: UserAction }) => {
      if (action === 'resetPassword') {
        const { temporaryPassword } = await adminWrites.resetPassword(csrf, user.id);
        onPassword(user, temporaryPassword);
        return;
      }
      await adminWrites.setUserActive(csrf, user.id, action === 'reactivate');
    },
  );
  const close = () => {
    run.reset();
    onClose();
  };
  const name = target?.user.displayName ?? '';
  const action = target?.action ?? 'deactivate';
  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={<Text fw={600}>{t(`users.confirm.${action}.title`, { name })}</Text>}
      size="md"
      centered
      attributes={{ content: { 'data-testid': 'admin-confirm-user-action' } }}
    >
      <Stack gap="sm">
        <Text size="sm">{t(`users.confirm.${action}.body`, { name })}</Text>
        <ServerError error={run.error} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color={action === 'reactivate' ? 'indigo' : 'red'}
            loading={run.isPending}
            data-testid="admin-confirm-user-action-button"
            onClick={() =>
              target &&
              run.mutate(target, {
                onSuccess: () => {
                  if (action !== 'resetPassword') {
                    notifications.show({ message: t(`users.confirm.${action}.done`, { name }) });
                  }
                  close();
                },
              })
            }
          >
            {t(`users.confirm.${action}.button`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
