import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * Shows a temporary password once: the server keeps only its hash. The admin hands it to the
 * person, who signs in with it and changes it under "Change password".
 */
export function TemporaryPassword({
  shown,
  onClose,
}: {
  shown: { name: string; email: string; password: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  return (
    <Modal
      opened={shown !== null}
      onClose={onClose}
      title={<Text fw={600}>{t('users.passwordTitle', { name: shown?.name ?? '' })}</Text>}
      size="md"
      centered
      closeOnClickOutside={false}
      attributes={{ content: { 'data-testid': 'admin-temporary-password' } }}
    >
      <Stack gap="sm">
        <Text size="sm">{t('users.passwordBody', { email: shown?.email ?? '' })}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code
            fz="lg"
            py={6}
            px="sm"
            style={{ flex: 1 }}
            data-testid="admin-temporary-password-value"
          >
            {shown?.password}
          </Code>
          <CopyButton value={shown?.password ?? ''}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} leftSection={<IconKey size={14} />}>
                {copied ? t('users.copied') : t('users.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Alert color="yellow" variant="light" py="xs">
          {t('users.passwordOnce')}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="admin-temporary-password-done">
            {t('users.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
