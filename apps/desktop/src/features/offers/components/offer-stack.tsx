import { Stack } from '@mantine/core';
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

/** Top-right, over the customer details column, so the conversation controls stay free. */
export function OfferStack({ onAccepted }: { onAccepted: (interaction: Interaction) => void }) {
  const { t } = useTranslation();
  const offers = useAgentState((state) => state.offers);
  const sorted = useMemo(() => [...offers].sort(stackOrder), [offers]);
  if (sorted.length === 0) return null;
  return (
    <Stack
      gap="sm"
      pos="fixed"
      top={64}
      right={8}
      style={{ zIndex: 250 }}
      role="region"
      aria-label={t('offers.region')}
      aria-live="polite"
    >
      {sorted.map((offer) => (
        <OfferCard key={offer.id} offer={offer} onAccepted={onAccepted} />
      ))}
    </Stack>
  );
}
