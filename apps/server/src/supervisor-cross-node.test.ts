import type { Offer, QueuePosition, SupervisorSnapshot } from '@sangdam/contracts';
import { createPostgresDatabase } from '@sangdam/store/test/test-databases.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';

const chatQueue = (snapshot: SupervisorSnapshot) =>
  snapshot.queues.find((row) => row.queue.name === 'Chat support');

describe('live views across two nodes on one PostgreSQL', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeEach(async () => {
    const url = await createPostgresDatabase();
    nodeA = await startTestServer('postgres', { DATABASE_URL: url });
    nodeB = await startTestServer('postgres', { DATABASE_URL: url });
  });
  afterEach(async () => {
    await nodeA.close();
    await nodeB.close();
  });

  it('shows a supervisor on one node what happens on the other', async () => {
    const { cookie: supervisorCookie } = await nodeB.login('supervisor@sangdam.local');
    const { client: supervisor } = await nodeB.agentSocket(supervisorCookie);
    await supervisor.next<SupervisorSnapshot>('supervisor:snapshot');

    // Node B changes nothing here: this picture can only come from node A through the adapter.
    const first = await nodeA.startChat('First Customer', 'first@example.com');
    const second = await nodeA.startChat('Second Customer', 'second@example.com');
    await supervisor.next<SupervisorSnapshot>(
      'supervisor:snapshot',
      (s) => chatQueue(s)?.waiting === 2,
    );
    const waiting = await nodeB.customerSocket(second.customerToken);
    expect(await waiting.next<QueuePosition>('queue:position')).toMatchObject({ position: 2 });

    const { cookie } = await nodeA.login('agent1@sangdam.local');
    const { client: agent } = await nodeA.agentSocket(cookie);
    await nodeA.sangdam.database.db
      .updateTable('multimediaProfiles')
      .set({ chatCapacity: 1 })
      .execute();
    await agent.send('presence:set', { state: 'available' });
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === first.interactionId,
    );
    await agent.send('offer:accept', { offerId: offer.id });
    const accepted = await supervisor.next<SupervisorSnapshot>(
      'supervisor:snapshot',
      (s) => chatQueue(s)?.active === 1 && chatQueue(s)?.waiting === 1,
    );
    expect(accepted.agents.find((row) => row.displayName === 'Jiwoo Kim')).toMatchObject({
      open: { chat: 1, email: 0 },
      engaged: true,
    });
    await waiting.next<QueuePosition>('queue:position', (p) => p.position === 1);
  });
});
