import { Button, Group, Menu, Text } from '@mantine/core';
import { IconCheck, IconChevronDown } from '@tabler/icons-react';
import type { Presence, Reason } from '@sangdam/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatElapsed } from '../../../lib/format-duration.ts';
import { useNow } from '../../../lib/use-now.ts';
import { deskState, type DeskState } from '../../../realtime/contact-triage.ts';
import { useAgentState } from '../../../realtime/realtime-context.tsx';
import { useReferenceData } from '../../reference/hooks/use-reference-data.ts';
import { useSetPresence } from '../hooks/use-set-presence.ts';
import { StateDot } from './state-dot.tsx';

function stateLabel(
  t: TFunction,
  presence: Presence,
  shown: DeskState,
  idleReasons: readonly Reason[],
): string {
  if (shown !== 'idle') return t(`presence.${shown}`);
  const reason = idleReasons.find((candidate) => candidate.id === presence.idleReasonId);
  return reason ? t('presence.idleWithReason', { reason: reason.label }) : t('presence.idle');
}

function TimeInState({ since }: { since: string }) {
  const now = useNow();
  return (
    <Text span size="xs" c="dimmed" ff="monospace" data-testid="state-timer">
      {formatElapsed(since, now)}
    </Text>
  );
}

/** The header's availability control: Available, Idle with a reason; RONA only shows. */
export function StateSelector() {
  const { t } = useTranslation();
  const presence = useAgentState((state) => state.presence);
  const shown = useAgentState(deskState) ?? presence?.state ?? 'offline';
  const idleReasons = useReferenceData().data?.idleReasons ?? [];
  const setPresence = useSetPresence();
  if (!presence) return null;

  const check = (active: boolean) => (active ? <IconCheck size={14} /> : null);
  const isIdleWith = (id: string | null) =>
    presence.state === 'idle' && presence.idleReasonId === id;

  return (
    <Menu position="bottom-end" width={260} shadow="md">
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          loading={setPresence.isPending}
          leftSection={<StateDot state={shown} />}
          rightSection={<IconChevronDown size={14} />}
          aria-label={t('presence.changeState')}
          data-testid="state-selector"
          data-state={presence.state}
          data-shown-state={shown}
          miw={200}
          styles={{ label: { flex: 1 } }}
        >
          <Group gap={8} wrap="nowrap">
            <Text span size="sm" fw={500} c={presence.state === 'rona' ? 'red.7' : undefined}>
              {stateLabel(t, presence, shown, idleReasons)}
            </Text>
            <TimeInState since={presence.since} />
          </Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<StateDot state="available" />}
          rightSection={check(presence.state === 'available')}
          onClick={() => setPresence.mutate({ state: 'available', idleReasonId: null })}
          data-testid="state-available"
        >
          {t('presence.available')}
        </Menu.Item>
        <Menu.Label>{t('presence.idle')}</Menu.Label>
        {idleReasons.length === 0 && (
          <Menu.Item
            leftSection={<StateDot state="idle" />}
            rightSection={check(isIdleWith(null))}
            onClick={() => setPresence.mutate({ state: 'idle', idleReasonId: null })}
            data-testid="state-idle"
          >
            {t('presence.idle')}
          </Menu.Item>
        )}
        {idleReasons.map((reason) => (
          <Menu.Item
            key={reason.id}
            leftSection={<StateDot state="idle" />}
            rightSection={check(isIdleWith(reason.id))}
            onClick={() => setPresence.mutate({ state: 'idle', idleReasonId: reason.id })}
            data-testid={`state-idle-${reason.id}`}
          >
            {reason.label}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item
          disabled
          leftSection={<StateDot state="rona" />}
          rightSection={check(presence.state === 'rona')}
          title={t('presence.ronaNotSelectable')}
        >
          {t('presence.rona')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
