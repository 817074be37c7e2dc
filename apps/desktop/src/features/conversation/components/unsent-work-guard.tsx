import { Button, Group, Modal, Text } from '@mantine/core';
import type { Interaction } from '@sangdam/contracts';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { hasUnsentContent } from '../hooks/draft-cache.ts';

type Leaving = 'switch' | 'end' | 'transfer';

/** What the question needs to know of the conversation left. */
type Leaves = Pick<Interaction, 'id' | 'channel' | 'customer'>;

interface Pending {
  kind: Leaving;
  interaction: Leaves;
  proceed: () => void;
}

/**
 * R-CH-6: asks before leaving a conversation whose compose box holds unsent work. `guard` runs
 * `proceed` at once when there is nothing unsent, else after the agent confirms.
 */
export function useUnsentWorkGuard(): {
  guard: (interaction: Leaves, kind: Leaving, proceed: () => void) => void;
  dialog: ReactNode;
} {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Pending | null>(null);
  const guard = (interaction: Leaves, kind: Leaving, proceed: () => void) => {
    if (hasUnsentContent(interaction.id)) setPending({ kind, interaction, proceed });
    else proceed();
  };
  const email = pending?.interaction.channel === 'email';
  const close = () => setPending(null);
  const dialog = (
    <Modal
      opened={pending !== null}
      onClose={close}
      centered
      size="sm"
      title={<Text fw={600}>{t('unsent.title')}</Text>}
      attributes={{ content: { 'data-testid': 'unsent-work-dialog' } }}
    >
      <Text size="sm">
        {pending &&
          t(
            pending.kind === 'switch'
              ? 'unsent.switchBody'
              : pending.kind === 'transfer'
                ? 'unsent.transferBody'
                : email
                  ? 'unsent.endBodyEmail'
                  : 'unsent.endBody',
            { name: pending.interaction.customer.name },
          )}
      </Text>
      <Group justify="flex-end" gap="xs" mt="md">
        <Button variant="default" onClick={close} data-testid="unsent-stay" data-autofocus>
          {t('unsent.stay')}
        </Button>
        <Button
          color={pending?.kind === 'end' ? 'red' : undefined}
          onClick={() => {
            pending?.proceed();
            close();
          }}
          data-testid="unsent-leave"
        >
          {t(
            pending?.kind === 'transfer'
              ? 'unsent.transferConfirm'
              : pending?.kind !== 'end'
                ? 'unsent.switchConfirm'
                : email
                  ? 'unsent.endConfirmEmail'
                  : 'unsent.endConfirm',
          )}
        </Button>
      </Group>
    </Modal>
  );
  return { guard, dialog };
}

/**
 * R-CH-6: closing or reloading the tab asks first (the browser's own dialog) while one of
 * `openIds()`' conversations holds unsent work; drafts live only in this tab's memory.
 */
export function useWarnBeforeUnload(openIds: readonly string[]): void {
  const key = openIds.join(' ');
  useEffect(() => {
    const ids = key === '' ? [] : key.split(' ');
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!ids.some(hasUnsentContent)) return;
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [key]);
}
