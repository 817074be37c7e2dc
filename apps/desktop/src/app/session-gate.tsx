import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SessionResponse } from '@sangdam/contracts';
import { useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchSession } from '../features/auth/api/session-api.ts';
import { LoginScreen } from '../features/auth/components/login-screen.tsx';
import {
  endLocalSession,
  sessionQueryKey,
  useSession,
} from '../features/auth/hooks/use-session.ts';
import { errorText } from '../lib/app-error.ts';
import type { AgentConnectionEvents } from '../realtime/agent-connection.ts';
import { RealtimeProvider } from '../realtime/realtime-context.tsx';
import { DeskShell } from './desk-shell.tsx';

/** Sign-in screen, or the desktop with its socket once a session exists. */
export function SessionGate() {
  const { t } = useTranslation();
  const session = useSession();

  if (session.isPending) {
    return (
      <Center h="100dvh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Center h="100dvh">
        <Stack align="center" gap="sm">
          <Text>{errorText(t, session.error)}</Text>
          <Button variant="light" onClick={() => void session.refetch()}>
            {t('app.retry')}
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!session.data) return <LoginScreen />;
  return <SignedIn key={session.data.user.id} session={session.data} />;
}

function useConnectionEvents(): AgentConnectionEvents {
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
    onResendFailed: (error) => {
      notifications.show({ color: 'red', message: errorText(i18next.t, error) });
    },
  }));
  return events;
}

function SignedIn({ session }: { session: SessionResponse }) {
  const events = useConnectionEvents();
  return (
    <RealtimeProvider initialPresence={session.presence} events={events}>
      <DeskShell user={session.user} />
    </RealtimeProvider>
  );
}
