import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { ServerError } from './server-error.tsx';

/** Asks before deleting; a refusal (in use, the default) shows in the dialog. */
export function ConfirmDelete({
  target,
  onClose,
}: {
  /** `body`: what deleting it means, when more than the usual warning. */
  target: { name: string; path: string; body?: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const remove = useAdminWrite((csrf, path: string) => adminWrites.remove(csrf, path));
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={<Text fw={600}>{t('common.confirmTitle', { name: target?.name ?? '' })}</Text>}
      size="sm"
      centered
      attributes={{ content: { 'data-testid': 'admin-confirm-delete' } }}
    >
      <Stack gap="sm">
        <Text size="sm">{target?.body ?? t('common.confirmBody')}</Text>
        <ServerError error={remove.error} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            data-testid="admin-confirm-delete-button"
            onClick={() =>
              target &&
              remove.mutate(target.path, {
                onSuccess: () => {
                  notifications.show({ message: t('common.deleted', { name: target.name }) });
                  close();
                },
              })
            }
          >
            {t('common.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
