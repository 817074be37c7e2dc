import { Badge, Button, Card, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import type { Interaction, Offer } from '@sangdam/contracts';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatElapsed, remainingPercent } from '../../../lib/format-duration.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useAcceptOffer } from '../hooks/use-accept-offer.ts';
import { ChannelIcon } from './channel-icon.tsx';

interface OfferCardProps {
  offer: Offer;
  onAccepted: (interaction: Interaction) => void;
}

/** R-AV-3: one incoming contact with its live waiting timer and its own Accept. */
export function OfferCard({ offer, onAccepted }: OfferCardProps) {
  const { t } = useTranslation();
  const now = useNow();
  const accept = useAcceptOffer(onAccepted);
  const remaining = remainingPercent(offer.offeredAt, offer.expiresAt, now);

  const acceptOnEnter = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' || event.target !== event.currentTarget || accept.isPending) return;
    event.preventDefault();
    accept.mutate(offer.id);
  };

  return (
    <Card
      withBorder
      shadow="xs"
      radius="md"
      padding="xs"
      w="100%"
      tabIndex={0}
      onKeyDown={acceptOnEnter}
      aria-label={`${t(`offers.${offer.channel}`)}: ${offer.customer.name}`}
      data-testid="offer-card"
      data-offer-id={offer.id}
      data-channel={offer.channel}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" miw={0} flex={1}>
          <ChannelIcon channel={offer.channel} size={30} />
          <Stack gap={0} miw={0}>
            <Text fw={600} size="sm" truncate="end" title={offer.customer.name}>
              {offer.customer.name}
            </Text>
            {offer.customer.email ? (
              <Tooltip label={offer.customer.email} openDelay={300} withArrow>
                <Text size="xs" c="dimmed" truncate="end" data-testid="offer-email">
                  {offer.customer.email}
                </Text>
              </Tooltip>
            ) : (
              <Text size="xs" c="dimmed">
                {t('customer.none')}
              </Text>
            )}
          </Stack>
        </Group>
        <Badge
          variant="light"
          color="gray"
          leftSection={<IconClock size={12} />}
          title={t(offer.channel === 'chat' ? 'offers.waiting' : 'offers.received')}
          data-testid="offer-timer"
          style={{ flexShrink: 0, overflow: 'visible' }}
          styles={{
            label: { fontFamily: 'var(--mantine-font-family-monospace)', overflow: 'visible' },
          }}
        >
          {formatElapsed(offer.waitingSince, now)}
        </Badge>
      </Group>
      {offer.kind !== 'route' && (
        <Badge
          mt={6}
          size="sm"
          variant="light"
          color={offer.kind === 'transfer' ? 'violet' : 'indigo'}
          data-testid="offer-kind"
          data-kind={offer.kind}
          tt="none"
          maw="100%"
        >
          {t(offer.kind === 'transfer' ? 'handOver.transferOffer' : 'handOver.conferenceOffer', {
            name: offer.from?.name ?? '',
          })}
        </Badge>
      )}
      <Group justify="space-between" mt={6} wrap="nowrap">
        <Text size="xs" c="dimmed" truncate="end">
          {t(`offers.${offer.channel}`)} · {offer.queue.name}
        </Text>
        <Button
          size="xs"
          color="green"
          loading={accept.isPending}
          onClick={() => accept.mutate(offer.id)}
          data-testid="offer-accept"
        >
          {t('offers.accept')}
        </Button>
      </Group>
      <Progress
        value={remaining}
        size={3}
        mt={6}
        color={remaining < 25 ? 'red' : 'indigo'}
        transitionDuration={1000}
        aria-hidden
      />
    </Card>
  );
}
