import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { toAppError } from '../../../lib/app-error.ts';

const titled = [
  'NAME_TAKEN',
  'IN_USE',
  'DEFAULT_REQUIRED',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
  'EMAIL_TAKEN',
  'OWN_ACCOUNT',
] as const;

/** The server's refusal: a translated title for its code and the server's own explanation. */
export function ServerError({ error }: { error: unknown }) {
  const { t } = useTranslation('admin');
  const { t: tDesk } = useTranslation();
  if (!error) return null;
  const appError = toAppError(error);
  const code = titled.find((known) => known === appError.code);
  // A code with its own desktop text (e.g. an assistant limit) is titled by it, in the UI's language.
  const title = code
    ? t(`serverErrors.${code}`)
    : tDesk(`errors.${appError.code}` as 'errors.generic', { defaultValue: '' }) ||
      t('serverErrors.generic');
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={title}
      data-testid="admin-server-error"
    >
      {appError.message}
    </Alert>
  );
}
