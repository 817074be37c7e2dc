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
  if (!error) return null;
  const appError = toAppError(error);
  const code = titled.find((known) => known === appError.code);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={t(code ? `serverErrors.${code}` : 'serverErrors.generic')}
      data-testid="admin-server-error"
    >
      {appError.message}
    </Alert>
  );
}
