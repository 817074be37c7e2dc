import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { SessionResponse } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { LoginScreen } from '../features/auth/components/login-screen.tsx';
import { useSession } from '../features/auth/hooks/use-session.ts';
import { errorText } from '../lib/app-error.ts';
import { RealtimeProvider } from '../realtime/realtime-context.tsx';
import { DeskShell } from './desk-shell.tsx';
import { useConnectionEvents } from './use-connection-events.ts';

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

function SignedIn({ session }: { session: SessionResponse }) {
  const events = useConnectionEvents();
  return (
    <RealtimeProvider initialPresence={session.presence} events={events}>
      <DeskShell user={session.user} />
    </RealtimeProvider>
  );
}
