import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { endLocalSession } from '../features/auth/hooks/use-session.ts';
import { AppError } from '../lib/app-error.ts';
import { SessionGate } from './session-gate.tsx';
import { theme } from './theme.ts';

function shouldRetry(failureCount: number, error: unknown): boolean {
  // Client errors (401, 403, 404, …) will not heal by asking again.
  if (error instanceof AppError && error.status !== undefined && error.status < 500) return false;
  return failureCount < 2;
}

function createQueryClient(): QueryClient {
  // A session that ended on the server (expiry, sign-out elsewhere) shows the sign-in screen.
  const onError = (error: Error) => {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') endLocalSession(queryClient);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return queryClient;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <SessionGate />
      </QueryClientProvider>
    </MantineProvider>
  );
}
