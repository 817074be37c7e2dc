import type { SupervisorSnapshot } from '@sangdam/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { AppError } from '../lib/app-error.ts';
import { AgentConnection } from './agent-connection.ts';
import { FakeAgentSocket, refuse } from './fake-agent-socket.ts';
import { buildPresence } from './test-factories.ts';

const picture = (at: string): SupervisorSnapshot => ({ at, queues: [], agents: [] });

function connect(commands: ConstructorParameters<typeof FakeAgentSocket>[0]) {
  const socket = new FakeAgentSocket(commands);
  const connection = new AgentConnection(
    buildPresence(),
    {
      onUnauthenticated: vi.fn(),
      isSignedIn: () => Promise.resolve(true),
      onOfferGone: vi.fn(),
      onConfigChanged: vi.fn(),
    },
    socket.asSocket(),
  );
  connection.open();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { socket, connection, settle };
}

describe('AgentConnection live view', () => {
  it('delivers the subscription’s picture, then pushes, until stopped', async () => {
    const now = picture('2026-01-01T09:00:00.000Z');
    const { socket, connection, settle } = connect({
      'supervisor:subscribe': () => ({ snapshot: now }),
    });
    const seen: SupervisorSnapshot[] = [];
    const stop = connection.watchLiveView((snapshot) => seen.push(snapshot), vi.fn());
    await settle();
    const pushed = picture('2026-01-01T09:00:05.000Z');
    socket.push('supervisor:snapshot', pushed);
    stop();
    socket.push('supervisor:snapshot', picture('2026-01-01T09:00:09.000Z'));
    expect(seen).toEqual([now, pushed]);
    expect(socket.emittedOf('supervisor:subscribe')).toEqual([{}]);
  });

  it('reports a refusal such as FORBIDDEN', async () => {
    const { connection, settle } = connect({
      'supervisor:subscribe': () => refuse('FORBIDDEN', 'Only supervisors and admins'),
    });
    const errors: AppError[] = [];
    connection.watchLiveView(vi.fn(), (error) => errors.push(error));
    await settle();
    expect(errors.map((error) => error.code)).toEqual(['FORBIDDEN']);
  });

  it('asks nothing while offline and still takes the picture pushed on connect', () => {
    const { socket, connection } = connect({});
    socket.drop();
    const seen: SupervisorSnapshot[] = [];
    connection.watchLiveView((snapshot) => seen.push(snapshot), vi.fn());
    expect(socket.emittedOf('supervisor:subscribe')).toEqual([]);
    const onConnect = picture('2026-01-01T09:01:00.000Z');
    socket.push('supervisor:snapshot', onConnect);
    expect(seen).toEqual([onConnect]);
  });
});
