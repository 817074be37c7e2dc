import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useState } from 'react';
import { fetchSession } from '../features/auth/api/session-api.ts';
import { endLocalSession, sessionQueryKey } from '../features/auth/hooks/use-session.ts';
import type { AgentConnectionEvents } from '../realtime/agent-connection.ts';
import { refreshConfiguration } from './refresh-configuration.ts';

/** What the app does when the socket reports trouble or a returned offer. Stable per session. */
export function useConnectionEvents(): AgentConnectionEvents {
  const queryClient = useQueryClient();
  const [events] = useState<AgentConnectionEvents>(() => ({
    onUnauthenticated: () => endLocalSession(queryClient),
    isSignedIn: async () => {
      try {
        const session = await queryClient.fetchQuery({
          queryKey: sessionQueryKey,
          queryFn: fetchSession,
          staleTime: 0,
        });
        return session !== null;
      } catch {
        return true;
      }
    },
    onOfferGone: (offer, reason) => {
      if (reason === 'accepted') return;
      const name = offer.customer.name;
      notifications.show({
        color: 'orange',
        title: i18next.t('offers.returned'),
        message: i18next.t(reason === 'expired' ? 'offers.returnedBody' : 'offers.withdrawn', {
          name,
        }),
      });
    },
    // Reasons and queues on the desk, and the admin screens, show the new configuration.
    onConfigChanged: () => refreshConfiguration(queryClient),
  }));
  return events;
}
