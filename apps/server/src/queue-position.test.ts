import type { Offer, QueuePosition } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../test/test-server.ts';
import { estimateWaitSeconds } from './services/interactions/queue-position.ts';

describe('the estimated wait', () => {
  it.each([
    { position: 1, medianSecondsToOffer: 120, availableAgents: 1, expected: 120 },
    { position: 3, medianSecondsToOffer: 120, availableAgents: 2, expected: 180 },
    { position: 2, medianSecondsToOffer: 0.4, availableAgents: 1, expected: 1 },
    { position: 1, medianSecondsToOffer: null, availableAgents: 3, expected: null },
    { position: 1, medianSecondsToOffer: 120, availableAgents: 0, expected: null },
  ])(
    'is $expected s for position $position, median $medianSecondsToOffer s, $availableAgents agents',
    ({ expected, ...row }) => {
      expect(estimateWaitSeconds(row)).toBe(expected);
    },
  );
});

describe.each(engines)('the customer’s place in the queue on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine);
  });
  afterEach(() => server.close());

  const position = (n: number) => (p: QueuePosition) => p.position === n;

  it('numbers waiting customers and moves the second up when the first is accepted', async () => {
    const first = await server.startChat('First Customer', 'first@example.com');
    const second = await server.startChat('Second Customer', 'second@example.com');
    const firstSocket = await server.customerSocket(first.customerToken);
    const secondSocket = await server.customerSocket(second.customerToken);
    expect(await firstSocket.next<QueuePosition>('queue:position', position(1))).toEqual({
      position: 1,
      estimatedWaitSeconds: null,
    });
    expect(await secondSocket.next<QueuePosition>('queue:position', position(2))).toEqual({
      position: 2,
      estimatedWaitSeconds: null,
    });

    const { cookie } = await server.login('agent1@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    // One chat at a time, so the second customer keeps waiting behind the first.
    await server.sangdam.database.db
      .updateTable('multimediaProfiles')
      .set({ chatCapacity: 1 })
      .execute();
    ok(await agent.send('presence:set', { state: 'available' }));
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === first.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    const moved = await secondSocket.next<QueuePosition>(
      'queue:position',
      (p) => p.position === 1 && p.estimatedWaitSeconds !== null,
    );
    expect(moved.estimatedWaitSeconds).toBeGreaterThanOrEqual(0);
    const heardByFirst = firstSocket.pushes<QueuePosition>('queue:position');
    expect(heardByFirst.every((p) => p.position === 1)).toBe(true);
  });

  it('moves the second customer up when the first leaves the queue', async () => {
    const first = await server.startChat('Leaving Customer', 'leaving@example.com');
    const second = await server.startChat('Staying Customer', 'staying@example.com');
    const firstSocket = await server.customerSocket(first.customerToken);
    const secondSocket = await server.customerSocket(second.customerToken);
    await secondSocket.next<QueuePosition>('queue:position', position(2));
    ok(await firstSocket.send('chat:leave', {}));
    expect(await secondSocket.next<QueuePosition>('queue:position', position(1))).toEqual({
      position: 1,
      estimatedWaitSeconds: null,
    });
  });

  it('estimates from how long accepted contacts waited, and tells a reconnecting customer', async () => {
    await server.sangdam.database.db
      .updateTable('multimediaProfiles')
      .set({ chatCapacity: 1 })
      .execute();
    const served = await server.startChat('Served Customer', 'served@example.com');
    // This customer waited three minutes before an agent was offered the chat.
    await server.sangdam.database.db
      .updateTable('interactions')
      .set({ enqueuedAt: new Date(Date.now() - 180_000) })
      .where('id', '=', served.interactionId)
      .execute();
    const { cookie } = await server.login('agent2@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    ok(await agent.send('presence:set', { state: 'available' }));
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === served.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));

    const next = await server.startChat('Next Customer', 'next@example.com');
    const after = await server.startChat('After Customer', 'after@example.com');
    const nextSocket = await server.customerSocket(next.customerToken);
    const afterSocket = await server.customerSocket(after.customerToken);
    const nextPlace = await nextSocket.next<QueuePosition>('queue:position', position(1));
    const afterPlace = await afterSocket.next<QueuePosition>('queue:position', position(2));
    // One Available agent: position × median wait (about 180 s) ÷ 1.
    expect(nextPlace.estimatedWaitSeconds).toBeGreaterThanOrEqual(180);
    expect(nextPlace.estimatedWaitSeconds).toBeLessThan(200);
    const twice = 2 * nextPlace.estimatedWaitSeconds!;
    expect(Math.abs(afterPlace.estimatedWaitSeconds! - twice)).toBeLessThanOrEqual(1);

    afterSocket.socket.disconnect();
    const back = await server.customerSocket(after.customerToken);
    expect(await back.next<QueuePosition>('queue:position')).toEqual(afterPlace);
  });
});
