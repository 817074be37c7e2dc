import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerError } from './server-error.tsx';

/** What a save needs to hear back: the notice shown once the server said yes. */
export interface Saved {
  onSuccess: () => void;
}

/**
 * One admin settings card: an optional title, the hint, the fields, then Save (for who may edit)
 * with the server's refusal under it. `onSave` gets the "saved" notice to pass to the write.
 */
export function SettingsCard({
  testId,
  title,
  hint,
  canEdit,
  write,
  saveDisabled = false,
  onSave,
  children,
}: {
  /** The card's test id; Save is `${testId}-save`. */
  testId: string;
  title?: string;
  hint: string;
  canEdit: boolean;
  write: { isPending: boolean; error: unknown };
  saveDisabled?: boolean;
  onSave: (saved: Saved) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('admin');
  const saved: Saved = { onSuccess: () => notifications.show({ message: t('common.saved') }) };
  return (
    <Paper withBorder p="md" radius="sm" data-testid={testId}>
      <Stack gap="xs">
        {title && (
          <Text fw={600} size="sm">
            {title}
          </Text>
        )}
        <Text size="xs" c="dimmed" maw={720}>
          {hint}
        </Text>
        {children}
        {canEdit && (
          <Group>
            <Button
              variant="light"
              loading={write.isPending}
              disabled={saveDisabled}
              onClick={() => onSave(saved)}
              data-testid={`${testId}-save`}
            >
              {t('common.save')}
            </Button>
          </Group>
        )}
        <ServerError error={write.error} />
      </Stack>
    </Paper>
  );
}
