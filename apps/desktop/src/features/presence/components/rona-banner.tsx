import { Alert, Button, Group, NativeSelect, Text } from '@mantine/core';
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

/**
 * R-AV-4/R-AV-5: after a missed offer the agent must choose a state by hand. A banner above the
 * work, not a modal: the open chats stay usable while the agent is in RONA.
 */
export function RonaBanner() {
  const { t } = useTranslation();
  const inRona = useAgentState((state) => state.presence?.state === 'rona');
  const idleReasons = useReferenceData().data?.idleReasons ?? [];
  const setPresence = useSetPresence();
  const [chosenReasonId, setChosenReasonId] = useState<string | null>(null);
  const reasonId = chosenReasonId ?? defaultReasonId(idleReasons);
  if (!inRona) return null;

  return (
    <Alert
      color="red"
      variant="filled"
      radius={0}
      py="xs"
      icon={<IconAlertTriangle size={20} />}
      role="alert"
      data-testid="rona-banner"
      styles={{ body: { gap: 4 }, wrapper: { alignItems: 'center' } }}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Text fw={700} size="sm">
            {t('rona.title')}
          </Text>
          <Text size="sm">{t('rona.body')}</Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          {idleReasons.length > 0 && (
            <NativeSelect
              size="xs"
              aria-label={t('rona.idleReason')}
              data={idleReasons.map((reason) => ({ value: reason.id, label: reason.label }))}
              value={reasonId ?? ''}
              onChange={(event) => setChosenReasonId(event.currentTarget.value)}
              data-testid="rona-idle-reason"
              w={160}
            />
          )}
          <Button
            size="xs"
            variant="white"
            color="dark"
            loading={setPresence.isPending && setPresence.variables.state === 'idle'}
            onClick={() => setPresence.mutate({ state: 'idle', idleReasonId: reasonId })}
            data-testid="rona-idle"
          >
            {t('rona.idle')}
          </Button>
          <Button
            size="xs"
            color="green"
            loading={setPresence.isPending && setPresence.variables.state === 'available'}
            onClick={() => setPresence.mutate({ state: 'available', idleReasonId: null })}
            data-testid="rona-available"
          >
            {t('rona.available')}
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
