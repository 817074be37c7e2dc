import { Badge, Box, Group, Stack, Title } from '@mantine/core';
import type { Interaction, Offer } from '@sangdam/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgentState } from '../../../realtime/realtime-context.tsx';
import { OfferCard } from './offer-card.tsx';

const channelOrder = { email: 0, chat: 1 } as const;

/** R-AV-6: stacked by channel group (email, then chat), oldest offer first within each. */
function stackOrder(a: Offer, b: Offer): number {
  return (
    channelOrder[a.channel] - channelOrder[b.channel] || a.offeredAt.localeCompare(b.offeredAt)
  );
}

/**
 * The offers' own area at the top of the contacts column: it pushes the contact list down
 * instead of covering anything, and scrolls when many offers wait at once.
 */
export function OfferStack({ onAccepted }: { onAccepted: (interaction: Interaction) => void }) {
  const { t } = useTranslation();
  const offers = useAgentState((state) => state.offers);
  const sorted = useMemo(() => [...offers].sort(stackOrder), [offers]);
  if (sorted.length === 0) return null;
  return (
    <Stack
      gap={0}
      bg="indigo.0"
      style={{ borderBottom: '1px solid var(--mantine-color-indigo-2)', flexShrink: 0 }}
      role="region"
      aria-label={t('offers.region')}
      aria-live="polite"
      data-testid="offer-stack"
    >
      <Group justify="space-between" px="md" pt="sm" pb={6}>
        <Title order={6} tt="uppercase" c="indigo.8" fz="xs">
          {t('offers.region')}
        </Title>
        <Badge size="sm" color="indigo" data-testid="offer-count">
          {sorted.length}
        </Badge>
      </Group>
      {/* A plain scroller: Mantine's ScrollArea lets long emails widen the cards past the column. */}
      <Box mah="45dvh" style={{ overflowY: 'auto', overflowX: 'hidden' }}>
        <Stack gap={6} px="xs" pb="xs">
          {sorted.map((offer) => (
            <OfferCard key={offer.id} offer={offer} onAccepted={onAccepted} />
          ))}
        </Stack>
      </Box>
    </Stack>
  );
}
