import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './database.ts';
import { missingIds, nameTaken } from './admin-names.ts';
import { insertAdminProfile, listAdminProfiles } from './admin-profiles.ts';
import {
  insertAdminQueue,
  listAdminQueues,
  queueUsage,
  setChannelOfferTimeout,
} from './admin-queues.ts';
import {
  clearDefaultReason,
  insertAdminReason,
  listAdminReasons,
  reasonInUse,
} from './admin-reasons.ts';
import {
  insertAdminTeam,
  listAdminTeams,
  listRoutingOfUsers,
  replaceTeamLinks,
  setUserRouting,
} from './admin-teams.ts';
import { profilesOf } from './routing.ts';
import { buildChat, buildQueue, buildUser } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

describe.each(engines)('admin configuration store on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  it('shows a queue’s effective offer timeout: its override, else its channel’s', async () => {
    await setChannelOfferTimeout(open.db, 'email', 90);
    const own = await insertAdminQueue(open.db, {
      name: 'Override',
      channel: 'email',
      priority: 2,
      routingStrategy: 'circular',
      offerTimeoutSeconds: 20,
    });
    const inherited = await insertAdminQueue(open.db, {
      name: 'Inherited',
      channel: 'email',
      priority: 0,
      routingStrategy: 'longest-available',
      offerTimeoutSeconds: null,
    });
    const [withOverride] = await listAdminQueues(open.db, own.id);
    const [withChannel] = await listAdminQueues(open.db, inherited.id);
    expect(withOverride).toMatchObject({
      offerTimeoutSeconds: 20,
      effectiveOfferTimeoutSeconds: 20,
      routingStrategy: 'circular',
      priority: 2,
      teamIds: [],
    });
    expect(withChannel).toMatchObject({
      offerTimeoutSeconds: null,
      effectiveOfferTimeoutSeconds: 90,
    });
  });

  it('finds a taken name regardless of case and surrounding spaces', async () => {
    const queue = await insertAdminQueue(open.db, {
      name: 'Billing Chat',
      channel: 'chat',
      priority: 0,
      routingStrategy: 'longest-available',
      offerTimeoutSeconds: null,
    });
    expect(await nameTaken(open.db, 'queues', ' billing chat ', null)).toBe(true);
    expect(await nameTaken(open.db, 'queues', 'billing chat', queue.id)).toBe(false);
    expect(await nameTaken(open.db, 'teams', 'Billing Chat', null)).toBe(false);
  });

  it('lists a team’s queues and members, and the teams of each member', async () => {
    const queue = await buildQueue(open.db);
    const [a, b] = [await buildUser(open.db), await buildUser(open.db)];
    const team = await insertAdminTeam(open.db, { name: 'Night shift', profileId: null });
    await replaceTeamLinks(open.db, team.id, {
      queueIds: [queue.id],
      memberIds: [a.id, b.id, a.id],
    });
    const [listed] = await listAdminTeams(open.db, team.id);
    expect(listed?.queueIds).toEqual([queue.id]);
    expect([...(listed?.memberIds ?? [])].sort()).toEqual([a.id, b.id].sort());
    const [user] = await listRoutingOfUsers(open.db, a.id);
    expect(user?.teamIds).toEqual([team.id]);
    const [queueRow] = await listAdminQueues(open.db, queue.id);
    expect(queueRow?.teamIds).toEqual([team.id]);
  });

  it('gives an agent their own profile over their team’s once it is set', async () => {
    const teamProfile = await insertAdminProfile(open.db, {
      name: 'Chat heavy',
      mode: 'blended',
      chatCapacity: 4,
      emailCapacity: 1,
      isDefault: false,
    });
    const ownProfile = await insertAdminProfile(open.db, {
      name: 'Email only',
      mode: 'exclusive',
      chatCapacity: 0,
      emailCapacity: 1,
      isDefault: false,
    });
    const agent = await buildUser(open.db);
    const team = await insertAdminTeam(open.db, { name: 'Chat team', profileId: teamProfile.id });
    await setUserRouting(open.db, agent.id, { profileId: null, teamIds: [team.id] });
    expect((await profilesOf(open.db, [agent.id])).get(agent.id)).toEqual({
      mode: 'blended',
      capacity: { chat: 4, email: 1 },
    });
    await setUserRouting(open.db, agent.id, { profileId: ownProfile.id, teamIds: [team.id] });
    expect((await profilesOf(open.db, [agent.id])).get(agent.id)).toEqual({
      mode: 'exclusive',
      capacity: { chat: 0, email: 1 },
    });
    const counts = await listAdminProfiles(open.db, teamProfile.id);
    expect(counts[0]).toMatchObject({ teamCount: 1, userCount: 0 });
    expect((await listAdminProfiles(open.db, ownProfile.id))[0]).toMatchObject({ userCount: 1 });
  });

  it('reports which referenced ids do not exist', async () => {
    const queue = await buildQueue(open.db);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(await missingIds(open.db, 'queues', [queue.id, ghost])).toEqual([ghost]);
  });

  it('counts the contacts, entry points and email addresses routed through a queue', async () => {
    const queue = await buildQueue(open.db);
    const unused = { interactions: 0, entryPoints: 0, emailAddresses: 0 };
    expect(await queueUsage(open.db, queue.id)).toEqual(unused);
    await buildChat(open.db, { queueId: queue.id });
    expect(await queueUsage(open.db, queue.id)).toEqual({ ...unused, interactions: 1 });
  });

  it('keeps one default reason per kind and sees whether a reason was used', async () => {
    const first = await insertAdminReason(open.db, 'idle', {
      label: 'Coffee',
      isDefault: true,
      sortOrder: 1,
    });
    await clearDefaultReason(open.db, 'idle');
    await insertAdminReason(open.db, 'idle', { label: 'Tea', isDefault: true, sortOrder: 0 });
    const listed = await listAdminReasons(open.db, 'idle');
    expect(listed.map((r) => [r.label, r.isDefault])).toEqual([
      ['Tea', true],
      ['Coffee', false],
    ]);
    await expect(
      insertAdminReason(open.db, 'idle', { label: 'Nap', isDefault: true, sortOrder: 2 }),
    ).rejects.toThrow();
    expect(await reasonInUse(open.db, 'idle', first.id)).toBe(false);
    const agent = await buildUser(open.db);
    await open.db
      .insertInto('agentStateLog')
      .values({
        userId: agent.id,
        state: 'idle',
        idleReasonId: first.id,
        cause: 'agent',
        at: new Date(),
      })
      .execute();
    expect(await reasonInUse(open.db, 'idle', first.id)).toBe(true);
  });
});
