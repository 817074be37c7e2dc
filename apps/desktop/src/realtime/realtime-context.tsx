import {
  createContext,
  use,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { Presence } from '@sangdam/contracts';
import { AgentConnection, type AgentConnectionEvents } from './agent-connection.ts';
import type { AgentState } from './agent-state.ts';

const RealtimeContext = createContext<AgentConnection | null>(null);

interface RealtimeProviderProps {
  initialPresence: Presence;
  events: AgentConnectionEvents;
  children: ReactNode;
}

/** Owns the socket for one signed-in session; unmounting closes it. */
export function RealtimeProvider({ initialPresence, events, children }: RealtimeProviderProps) {
  const [connection] = useState(() => new AgentConnection(initialPresence, events));
  useEffect(() => {
    connection.open();
    return () => connection.close();
  }, [connection]);
  return <RealtimeContext value={connection}>{children}</RealtimeContext>;
}

export function useAgentConnection(): AgentConnection {
  const connection = use(RealtimeContext);
  if (!connection) throw new Error('useAgentConnection needs a RealtimeProvider');
  return connection;
}

/** Reads one slice of the realtime state; the selector must return stable references. */
export function useAgentState<T>(selector: (state: AgentState) => T): T {
  const { store } = useAgentConnection();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
