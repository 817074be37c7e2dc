import type { Offer, ReferenceData, SupervisorSnapshot } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../test/test-server.ts';

const chatQueue = (snapshot: SupervisorSnapshot) =>
  snapshot.queues.find((row) => row.queue.name === 'Chat support');
const agentNamed = (snapshot: SupervisorSnapshot, name: string) =>
  snapshot.agents.find((row) => row.displayName === name);

describe.each(engines)('the supervisor live view on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine);
  });
  afterEach(() => server.close());

  async function idleReason(cookie: string, label: string) {
    const response = await server.request('/api/v1/reference', { headers: { cookie } });
    const reference = (await response.json()) as ReferenceData;
    return reference.idleReasons.find((reason) => reason.label === label)!;
  }

  it('follows a chat from queued to offered to accepted, and never reaches an agent', async () => {
    const { cookie: supervisorCookie } = await server.login('supervisor@sangdam.local');
    const { client: supervisor } = await server.agentSocket(supervisorCookie);
    const { cookie: agentCookie } = await server.login('agent1@sangdam.local');
    const { client: agent } = await server.agentSocket(agentCookie);

    const first = await supervisor.next<SupervisorSnapshot>('supervisor:snapshot');
    expect(first.queues.map((row) => row.queue.name)).toEqual(['Chat support', 'Email support']);
    expect(first.agents.map((row) => row.displayName)).toEqual(
      expect.arrayContaining(['Jiwoo Kim', 'Alex Park', 'Mina Lee', 'Sam Supervisor']),
    );
    expect(first.agents.some((row) => row.displayName === 'Ada Admin')).toBe(false);
    await supervisor.next<SupervisorSnapshot>(
      'supervisor:snapshot',
      (s) => agentNamed(s, 'Jiwoo Kim')?.state === 'idle',
    );

    const chat = await server.startChat('Queued Customer', 'queued@example.com');
    const queued = await supervisor.next<SupervisorSnapshot>(
      'supervisor:snapshot',
      (s) => chatQueue(s)?.waiting === 1,
    );
    expect(chatQueue(queued)).toMatchObject({ waiting: 1, offered: 0, active: 0 });
    expect(chatQueue(queued)?.oldestWaitingSince).not.toBeNull();

    ok(await agent.send('presence:set', { state: 'available' }));
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    const offered = await supervisor.next<SupervisorSnapshot>(
      'supervisor:snapshot',
      (s) => chatQueue(s)?.offered === 1,
    );
    expect(chatQueue(offered)).toMatchObject({ waiting: 0, oldestWaitingSince: null, active: 0 });
    expect(agentNamed(offered, 'Jiwoo Kim')).toMatchObject({
      state: 'available',
      pendingOffers: 1,
      engaged: false,
    });

    ok(await agent.send('offer:accept', { offerId: offer.id }));
    const accepted = await supervisor.next<SupervisorSnapshot>(
      'supervisor:snapshot',
      (s) => chatQueue(s)?.active === 1,
    );
    expect(chatQueue(accepted)).toMatchObject({ waiting: 0, offered: 0, active: 1 });
    expect(agentNamed(accepted, 'Jiwoo Kim')).toMatchObject({
      state: 'available',
      open: { chat: 1, email: 0 },
      engaged: true,
      pendingOffers: 0,
    });

    expect(agent.pushes('supervisor:snapshot')).toEqual([]);
    expect(await agent.send('supervisor:subscribe', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // A refused subscription must not have joined the room either.
    const lunch = await idleReason(agentCookie, 'Lunch');
    ok(await agent.send('presence:set', { state: 'idle', idleReasonId: lunch.id }));
    await supervisor.next<SupervisorSnapshot>(
      'supervisor:snapshot',
      (s) => agentNamed(s, 'Jiwoo Kim')?.state === 'idle',
    );
    expect(agent.pushes('supervisor:snapshot')).toEqual([]);
  });

  it('answers an admin’s subscription with the current picture, idle reason included', async () => {
    const { cookie: agentCookie } = await server.login('agent2@sangdam.local');
    const { client: agent } = await server.agentSocket(agentCookie);
    const lunch = await idleReason(agentCookie, 'Lunch');
    ok(await agent.send('presence:set', { state: 'idle', idleReasonId: lunch.id }));

    const { cookie } = await server.login('admin@sangdam.local');
    const { client: admin } = await server.agentSocket(cookie);
    const { snapshot } = ok(
      await admin.send<{ snapshot: SupervisorSnapshot }>('supervisor:subscribe', {}),
    );
    expect(agentNamed(snapshot, 'Alex Park')).toMatchObject({
      state: 'idle',
      idleReason: { id: lunch.id, label: 'Lunch' },
      open: { chat: 0, email: 0 },
      engaged: false,
    });
    expect(agentNamed(snapshot, 'Mina Lee')).toMatchObject({ state: 'offline', since: null });
  });
});
