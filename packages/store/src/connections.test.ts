import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerIsConnected,
  deleteStaleConnections,
  listAgentsAwaySince,
  listStaleCustomerConnections,
  recordConnections,
  recordNodeHeartbeat,
  type LiveConnection,
} from './connections.ts';
import type { OpenDatabase } from './database.ts';
import { buildChat, buildQueue, buildUser, changePresenceOf } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

const at = new Date('2026-03-01T10:00:00.000Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
/** Sightings count 15 s past their moment (the grace); heartbeats come every 5 s. */
const graceSeconds = 15;

describe.each(engines)('who is connected, one heartbeat row per node, on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  function sighting(
    kind: LiveConnection['kind'],
    subjectId: string,
    nodeId: string,
    sockets: number,
    seconds: number,
  ): LiveConnection {
    return {
      kind,
      subjectId,
      nodeId,
      sockets,
      seenAt: later(seconds),
      liveUntil: later(seconds + graceSeconds),
    };
  }
  const heartbeat = (nodeId: string, seconds: number) =>
    recordNodeHeartbeat(open.db, nodeId, later(seconds), later(seconds + graceSeconds));

  it('keeps a customer connected while their node beats, and not once it stops', async () => {
    const node = randomUUID();
    const chat = await buildChat(open.db, { queueId: (await buildQueue(open.db)).id });
    await recordConnections(open.db, [sighting('customer', chat.id, node, 1, 0)]);
    for (const seconds of [5, 10, 15, 20]) await heartbeat(node, seconds);

    // Connected at 0 s: without the heartbeats it would have lapsed at 15 s.
    expect(await customerIsConnected(open.db, chat.id, later(30))).toBe(true);
    expect(await customerIsConnected(open.db, chat.id, later(36))).toBe(false);
    await open.db.updateTable('interactions').set({ customerConnected: true }).execute();
    expect(await listStaleCustomerConnections(open.db, later(30))).not.toContain(chat.id);
    expect(await listStaleCustomerConnections(open.db, later(36))).toContain(chat.id);
  });

  it('does not stretch a sighting whose sockets all closed', async () => {
    const node = randomUUID();
    const chat = await buildChat(open.db, { queueId: (await buildQueue(open.db)).id });
    await recordConnections(open.db, [sighting('customer', chat.id, node, 0, 0)]);
    await heartbeat(node, 10);
    expect(await customerIsConnected(open.db, chat.id, later(5))).toBe(false);
  });

  it('signs out only the agent whose desktop closed, and forgets them and the dead node', async () => {
    const node = randomUUID();
    const [stays, leaves] = [await buildUser(open.db), await buildUser(open.db)];
    for (const user of [stays, leaves]) {
      await changePresenceOf(open.db, user.id, [{ to: 'idle', cause: 'sign-in' }], at);
    }
    await recordConnections(open.db, [
      sighting('agent', stays.id, node, 1, 0),
      sighting('agent', leaves.id, node, 0, 0),
    ]);
    await heartbeat(node, 100);
    const away = await listAgentsAwaySince(open.db, later(60));
    expect(away).toContain(leaves.id);
    expect(away).not.toContain(stays.id);

    await deleteStaleConnections(open.db, later(60));
    const left = await open.db
      .selectFrom('liveConnections')
      .select('subjectId')
      .where('nodeId', '=', node)
      .execute();
    expect(left.map((row) => row.subjectId)).toEqual([stays.id]);
    // The node stopped at 100 s: once its last sighting is gone, so is its heartbeat.
    await deleteStaleConnections(open.db, later(200));
    const heartbeats = await open.db
      .selectFrom('nodeHeartbeats')
      .select('nodeId')
      .where('nodeId', '=', node)
      .execute();
    expect(heartbeats).toEqual([]);
  });
});
