import type { Offer, QueuePosition, SupervisorSnapshot } from '@sangdam/contracts';
import { describe, expect, it, vi } from 'vitest';
import { useTwoNodes } from '../test/test-server.ts';

const chatQueue = (snapshot: SupervisorSnapshot) =>
  snapshot.queues.find((row) => row.queue.name === 'Chat support');

describe('live views across two nodes on one PostgreSQL', () => {
  const nodes = useTwoNodes();

  it('shows a supervisor on one node what happens on the other', async () => {
    const { cookie: supervisorCookie } = await nodes.b.login('supervisor@sangdam.local');
    const { client: supervisor } = await nodes.b.agentSocket(supervisorCookie);
    await supervisor.next<SupervisorSnapshot>('supervisor:snapshot');

    // Node B changes nothing here: this picture can only come from node A through the adapter.
    const first = await nodes.a.startChat('First Customer', 'first@example.com');
    const second = await nodes.a.startChat('Second Customer', 'second@example.com');
    await supervisor.next<SupervisorSnapshot>(
      'supervisor:snapshot',
      (s) => chatQueue(s)?.waiting === 2,
    );
    const waiting = await nodes.b.customerSocket(second.customerToken);
    expect(await waiting.next<QueuePosition>('queue:position')).toMatchObject({ position: 2 });

    const { cookie } = await nodes.a.login('agent1@sangdam.local');
    const { client: agent } = await nodes.a.agentSocket(cookie);
    await nodes.a.sangdam.database.db
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

  it('keeps a customer’s place right when the nodes take turns telling it', async () => {
    const { cookie } = await nodes.a.login('agent1@sangdam.local');
    const { client: agent } = await nodes.a.agentSocket(cookie);
    await nodes.a.sangdam.database.db
      .updateTable('multimediaProfiles')
      .set({ chatCapacity: 1 })
      .execute();
    await agent.send('presence:set', { state: 'available' });
    const offered = await nodes.a.startChat('Offered Customer', 'offered@example.com');
    await agent.next<Offer>('offer:new', (o) => o.interactionId === offered.interactionId);
    const leaving = await nodes.a.startChat('Leaving Customer', 'leaving@example.com');
    const staying = await nodes.a.startChat('Staying Customer', 'staying@example.com');
    // Node A has told the staying customer: number 2.
    await nodes.a.sangdam.liveFeeds.idle();
    const stayingSocket = await nodes.b.customerSocket(staying.customerToken);
    await stayingSocket.next<QueuePosition>('queue:position', (p) => p.position === 2);

    // Node B tells the staying customer they moved up …
    const leavingSocket = await nodes.b.customerSocket(leaving.customerToken);
    await leavingSocket.send('chat:leave', {});
    await stayingSocket.next<QueuePosition>('queue:position', (p) => p.position === 1);
    // … then node A returns the unanswered offer to the head of the queue: back to number 2.
    await nodes.a.sangdam.database.db
      .updateTable('offers')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('status', '=', 'pending')
      .execute();
    await vi.waitFor(
      () => {
        const heard = stayingSocket.pushes<QueuePosition>('queue:position');
        expect(heard.at(-1)).toMatchObject({ position: 2 });
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});
