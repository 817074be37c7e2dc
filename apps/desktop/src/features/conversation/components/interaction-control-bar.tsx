import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import {
  IconArrowsExchange,
  IconChecklist,
  IconPhoneOff,
  IconUsersGroup,
  IconUserMinus,
} from '@tabler/icons-react';
import type { Interaction } from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HandOverDialog, type HandOverMode } from '../../hand-over/components/hand-over-dialog.tsx';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';
import { discardUnsent } from '../hooks/draft-cache.ts';
import { useEndConference, useEndInteraction } from '../hooks/use-end-interaction.ts';
import { useUnsentWorkGuard } from './unsent-work-guard.tsx';

interface InteractionControlBarProps {
  interaction: Interaction;
  onOpenWrapUp: () => void;
}

/** R-CH-1: the interaction control pane above the conversation. */
export function InteractionControlBar({ interaction, onOpenWrapUp }: InteractionControlBarProps) {
  const { t } = useTranslation();
  const end = useEndInteraction();
  const endConference = useEndConference();
  const [handOver, setHandOver] = useState<HandOverMode | null>(null);
  const unsent = useUnsentWorkGuard();
  const endChat = () =>
    unsent.guard(interaction, 'end', () =>
      end.mutate(interaction.id, { onSuccess: () => discardUnsent(interaction.id) }),
    );
  const active = interaction.status === 'active';
  const primary = active && interaction.role === 'primary';
  const guest = active && interaction.role === 'conference';
  const invited = interaction.pendingOffer?.kind === 'conference';
  const inConference = interaction.agents.length > 1;
  const chat = interaction.channel === 'chat';
  return (
    <Group
      justify="space-between"
      px="lg"
      py="xs"
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group gap="sm" wrap="nowrap" miw={0}>
        <ChannelIcon channel={interaction.channel} size={30} />
        <Stack gap={0} miw={0}>
          <Text fw={600} size="sm" truncate="end">
            {interaction.customer.name}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {interaction.queue.name}
          </Text>
        </Stack>
        {!active && (
          <Badge color="gray" variant="light" size="sm">
            {t('interactions.ended')}
          </Badge>
        )}
        {(invited || inConference) && active && (
          <Badge
            color={inConference ? 'indigo' : 'yellow'}
            variant="light"
            size="sm"
            style={{ flexShrink: 0 }}
            data-testid="conference-state"
            data-state={inConference ? 'active' : 'requested'}
          >
            {t(inConference ? 'handOver.conferenceActive' : 'handOver.conferenceRequested')}
          </Badge>
        )}
        {active && chat && (
          <Badge
            color={interaction.customerConnected ? 'teal' : 'gray'}
            variant="dot"
            size="sm"
            style={{ flexShrink: 0 }}
            data-testid="customer-connection"
            data-connected={interaction.customerConnected}
          >
            {t(
              interaction.customerConnected
                ? 'conversation.customerOnline'
                : 'conversation.customerAway',
            )}
          </Badge>
        )}
      </Group>
      <Group gap="xs" wrap="nowrap">
        {interaction.wrapUpPending && (
          <Button
            size="xs"
            variant="light"
            color="violet"
            leftSection={<IconChecklist size={16} />}
            onClick={onOpenWrapUp}
            data-testid="open-wrapup"
          >
            {t('conversation.wrapUp')}
          </Button>
        )}
        {primary && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconArrowsExchange size={16} />}
            disabled={!!interaction.pendingOffer}
            onClick={() => unsent.guard(interaction, 'transfer', () => setHandOver('transfer'))}
            data-testid="open-transfer"
          >
            {t('handOver.transfer')}
          </Button>
        )}
        {primary && chat && !invited && !inConference && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUsersGroup size={16} />}
            disabled={!!interaction.pendingOffer}
            onClick={() => setHandOver('conference')}
            data-testid="open-conference"
          >
            {t('handOver.conference')}
          </Button>
        )}
        {(guest || (primary && (invited || inConference))) && (
          <Button
            size="xs"
            variant="light"
            color="orange"
            leftSection={<IconUserMinus size={16} />}
            loading={endConference.isPending}
            onClick={() => endConference.mutate(interaction.id)}
            data-testid="end-conference"
          >
            {t('handOver.endConference')}
          </Button>
        )}
        {!guest && (
          <Button
            size="xs"
            color="red"
            variant="light"
            leftSection={<IconPhoneOff size={16} />}
            disabled={!primary}
            loading={end.isPending}
            onClick={endChat}
            data-testid="end-interaction"
          >
            {t('conversation.end')}
          </Button>
        )}
      </Group>
      <HandOverDialog interaction={interaction} mode={handOver} onClose={() => setHandOver(null)} />
      {unsent.dialog}
    </Group>
  );
}
