import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { countCharacters, limits } from '@sangdam/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useChangePassword } from '../hooks/use-session.ts';

/** The user's own password: the current one proves it is them; other sessions are ended. */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [tried, setTried] = useState(false);
  const min = limits.passwordMinLength;
  const tooShort = countCharacters(next) < min;
  const mismatch = again !== next;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!current || tooShort || mismatch) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          notifications.show({ message: t('auth.passwordChanged') });
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={<Text fw={600}>{t('auth.changePassword')}</Text>}
      size="sm"
      centered
      attributes={{ content: { 'data-testid': 'change-password-dialog' } }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PasswordInput
            label={t('auth.currentPassword')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={tried && !current ? true : undefined}
            maxLength={limits.passwordMaxLength}
            data-testid="current-password"
          />
          <PasswordInput
            label={t('auth.newPassword')}
            description={t('auth.newPasswordHint', { min })}
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={tried && tooShort ? t('auth.passwordTooShort', { min }) : undefined}
            maxLength={limits.passwordMaxLength}
            data-testid="new-password"
          />
          <PasswordInput
            label={t('auth.confirmPassword')}
            autoComplete="new-password"
            required
            value={again}
            onChange={(e) => setAgain(e.currentTarget.value)}
            error={tried && mismatch ? t('auth.passwordMismatch') : undefined}
            maxLength={limits.passwordMaxLength}
            data-testid="confirm-password"
          />
          {change.error && (
            <Alert color="red" variant="light" py="xs" data-testid="change-password-error">
              {errorText(t, change.error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('auth.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} data-testid="change-password-save">
              {t('auth.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
