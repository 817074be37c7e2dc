import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearWrapUpDeadline,
  listDueWrapUps,
  lockDueWrapUp,
  setChannelWrapUp,
} from './auto-wrap-up.ts';
import type { OpenDatabase } from './database.ts';
import {
  insertParticipant,
  leaveParticipation,
  listParticipants,
  releaseParticipation,
} from './interactions.ts';
import { buildChat, buildQueue, buildUser } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

const at = new Date('2026-03-01T10:00:00.000Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe.each(engines)('wrap-up deadlines (R-WU-2) on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());
  beforeEach(() =>
    setChannelWrapUp(open.db, 'chat', { wrapUpTimeoutSeconds: 30, wrapUpCancelAllowed: true }),
  );

  /** A chat with one participation of a new agent in `role`; its id. */
  async function participation(role: 'primary' | 'conference') {
    const queue = await buildQueue(open.db);
    const chat = await buildChat(open.db, { queueId: queue.id });
    const user = await buildUser(open.db);
    await insertParticipant(open.db, {
      interactionId: chat.id,
      userId: user.id,
      role,
      joinedAt: at,
    });
    const [row] = await listParticipants(open.db, chat.id);
    return row!;
  }
  const dueOf = async (p: { interactionId: string }) =>
    (await listParticipants(open.db, p.interactionId))[0]!.wrapUpDueAt;

  it('gives a primary agent who leaves a deadline of the channel’s timeout', async () => {
    const primary = await participation('primary');
    await leaveParticipation(open.db, primary.id, at, false);
    expect(await dueOf(primary)).toEqual(later(30));
    // Leaving again (e.g. the chat ends after a transfer) does not move it.
    await leaveParticipation(open.db, primary.id, later(10), false);
    expect(await dueOf(primary)).toEqual(later(30));
  });

  it('gives no deadline to a conference guest, to a released agent, or with the timeout off', async () => {
    const guest = await participation('conference');
    await leaveParticipation(open.db, guest.id, at, true);
    expect(await dueOf(guest)).toBeNull();
    const removed = await participation('primary');
    await leaveParticipation(open.db, removed.id, at, true);
    expect(await dueOf(removed)).toBeNull();
    await setChannelWrapUp(open.db, 'chat', { wrapUpTimeoutSeconds: null });
    const untimed = await participation('primary');
    await leaveParticipation(open.db, untimed.id, at, false);
    expect(await dueOf(untimed)).toBeNull();
  });

  it('lists a deadline once it has passed, until the wrap-up is released or held', async () => {
    const primary = await participation('primary');
    await leaveParticipation(open.db, primary.id, at, false);
    const due = async (now: Date) =>
      (await listDueWrapUps(open.db, now, 1000)).some((d) => d.participationId === primary.id);
    expect(await due(later(29))).toBe(false);
    expect(await due(later(30))).toBe(true);
    expect(
      await open.db.transaction().execute((tx) => lockDueWrapUp(tx, primary.id, later(30))),
    ).toBe(true);
    await clearWrapUpDeadline(open.db, primary.id);
    expect(await due(later(60))).toBe(false);

    const submitted = await participation('primary');
    await leaveParticipation(open.db, submitted.id, at, false);
    await releaseParticipation(open.db, submitted.id, later(5));
    expect(
      await open.db.transaction().execute((tx) => lockDueWrapUp(tx, submitted.id, later(30))),
    ).toBe(false);
  });
});
