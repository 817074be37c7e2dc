import { Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Reason } from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgentState } from '../../../realtime/realtime-context.tsx';
import { useReferenceData } from '../../reference/hooks/use-reference-data.ts';
import { useSetPresence } from '../hooks/use-set-presence.ts';

function defaultReasonId(reasons: readonly Reason[]): string | null {
  return (reasons.find((reason) => reason.isDefault) ?? reasons[0])?.id ?? null;
}

/** R-AV-4/R-AV-5: after a missed offer the agent must choose a state by hand. */
export function RonaModal() {
  const { t } = useTranslation();
  const inRona = useAgentState((state) => state.presence?.state === 'rona');
  const idleReasons = useReferenceData().data?.idleReasons ?? [];
  const setPresence = useSetPresence();
  const [chosenReasonId, setChosenReasonId] = useState<string | null>(null);
  const reasonId = chosenReasonId ?? defaultReasonId(idleReasons);

  return (
    <Modal
      opened={inRona}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      centered
      size="sm"
      title={
        <Group gap="xs">
          <IconAlertTriangle size={20} color="var(--mantine-color-red-6)" />
          <Text fw={600}>{t('rona.title')}</Text>
        </Group>
      }
      attributes={{ content: { 'data-testid': 'rona-modal' } }}
    >
      <Stack gap="md">
        <Text size="sm">{t('rona.body')}</Text>
        {idleReasons.length > 0 && (
          <NativeSelect
            label={t('rona.idleReason')}
            data={idleReasons.map((reason) => ({ value: reason.id, label: reason.label }))}
            value={reasonId ?? ''}
            onChange={(event) => setChosenReasonId(event.currentTarget.value)}
            data-testid="rona-idle-reason"
          />
        )}
        <Group justify="flex-end" gap="sm">
          <Button
            variant="default"
            loading={setPresence.isPending && setPresence.variables.state === 'idle'}
            onClick={() => setPresence.mutate({ state: 'idle', idleReasonId: reasonId })}
            data-testid="rona-idle"
          >
            {t('rona.idle')}
          </Button>
          <Button
            color="green"
            loading={setPresence.isPending && setPresence.variables.state === 'available'}
            onClick={() => setPresence.mutate({ state: 'available', idleReasonId: null })}
            data-testid="rona-available"
            data-autofocus
          >
            {t('rona.available')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
