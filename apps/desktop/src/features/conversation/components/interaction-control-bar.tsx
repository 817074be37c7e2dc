import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconChecklist, IconPhoneOff } from '@tabler/icons-react';
import type { Interaction } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from '../../offers/components/channel-icon.tsx';
import { useEndInteraction } from '../hooks/use-end-interaction.ts';

interface InteractionControlBarProps {
  interaction: Interaction;
  onOpenWrapUp: () => void;
}

/** R-CH-1: the interaction control pane above the conversation. */
export function InteractionControlBar({ interaction, onOpenWrapUp }: InteractionControlBarProps) {
  const { t } = useTranslation();
  const end = useEndInteraction();
  const active = interaction.status === 'active';
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
        {active && interaction.channel === 'chat' && (
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
        <Button
          size="xs"
          color="red"
          variant="light"
          leftSection={<IconPhoneOff size={16} />}
          disabled={!active}
          loading={end.isPending}
          onClick={() => end.mutate(interaction.id)}
          data-testid="end-interaction"
        >
          {t('conversation.end')}
        </Button>
      </Group>
    </Group>
  );
}
