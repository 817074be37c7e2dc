import type { SupervisorSnapshot } from '@sangdam/contracts';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../lib/app-error.ts';
import { useAgentConnection, useAgentState } from '../../../realtime/realtime-context.tsx';
import { newerSnapshot } from '../model/live-view.ts';

/** The live picture while the page is open; a refusal (e.g. FORBIDDEN) comes back as `error`. */
export function useLiveView(): { snapshot: SupervisorSnapshot | null; error: AppError | null } {
  const connection = useAgentConnection();
  const connected = useAgentState((state) => state.connection === 'connected');
  const [snapshot, setSnapshot] = useState<SupervisorSnapshot | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(
    () =>
      connection.watchLiveView((incoming) => {
        setSnapshot((current) => newerSnapshot(current, incoming));
        setError(null);
      }, setError),
    // Subscribing again after a reconnect also refreshes the picture if a push was missed.
    [connection, connected],
  );
  return { snapshot, error };
}
