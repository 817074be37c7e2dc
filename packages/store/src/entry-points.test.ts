import type { EntryPointBody } from '@sangdam/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './database.ts';
import {
  countEntryPointsForInsert,
  entryPointNameTaken,
  findEntryPoint,
  handOverToQueue,
  insertAdminEntryPoint,
  setAssistantMisses,
  updateAdminEntryPoint,
} from './entry-points.ts';
import { findInteraction, insertCustomer, insertInteraction } from './interactions.ts';
import { listQueueActivity } from './supervisor.ts';
import { buildQueue } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

const body = (queueId: string, name: string): EntryPointBody => ({
  name,
  queueId,
  nameField: 'optional',
  emailField: 'required',
  greeting: '안녕하세요! 무엇을 도와드릴까요?',
  answers: [
    { label: '환불 안내', keywords: ['환불', 'refund'], text: '환불은 3일 걸립니다.' },
    { label: 'Opening hours', keywords: [], text: '9–18 KST 🙂' },
  ],
  handOver: { offerAgent: false, afterMisses: 3 },
});

describe.each(engines)('chat entry points and the assistant on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  it('keeps an entry point’s form, greeting, answers in order and hand-over rule as written', async () => {
    const queue = await buildQueue(open.db);
    const id = await insertAdminEntryPoint(open.db, body(queue.id, 'Shop'));
    expect(await findEntryPoint(open.db, id)).toEqual({
      id,
      ...body(queue.id, 'Shop'),
      queue: { id: queue.id, name: queue.name, channel: 'chat' },
      isDefault: false,
    });
    const changed = { ...body(queue.id, 'Shop 2'), answers: [], greeting: '' };
    expect(await updateAdminEntryPoint(open.db, id, changed)).toBe(true);
    expect(await findEntryPoint(open.db, id)).toMatchObject(changed);
    expect(await entryPointNameTaken(open.db, 'SHOP 2', null)).toBe(true);
    expect(await entryPointNameTaken(open.db, 'shop 2', id)).toBe(false);
    const count = await open.db.transaction().execute((tx) => countEntryPointsForInsert(tx));
    expect(count).toBeGreaterThan(0);
  });

  it('queues a chat with the assistant once, waiting from the hand-over, and counts it until then', async () => {
    const queue = await buildQueue(open.db);
    const customer = await insertCustomer(open.db, { name: 'Hana', email: null });
    const startedAt = new Date('2026-01-01T09:00:00Z');
    const { id } = await insertInteraction(open.db, {
      channel: 'chat',
      customerId: customer.id,
      queueId: queue.id,
      entryPointId: null,
      customerTokenHash: null,
      enqueuedAt: startedAt,
      status: 'assistant',
    });
    const activity = async () =>
      (await listQueueActivity(open.db)).find((row) => row.id === queue.id);
    expect(await activity()).toMatchObject({ withAssistant: 1, waiting: 0 });
    await setAssistantMisses(open.db, id, 2);
    expect(await findInteraction(open.db, id)).toMatchObject({
      status: 'assistant',
      assistantMisses: 2,
    });

    const handedOverAt = new Date('2026-01-01T09:05:00Z');
    expect(await handOverToQueue(open.db, id, handedOverAt)).toBe(true);
    expect(await handOverToQueue(open.db, id, new Date())).toBe(false);
    expect(await findInteraction(open.db, id)).toMatchObject({
      status: 'queued',
      enqueuedAt: handedOverAt,
    });
    expect(await activity()).toMatchObject({ withAssistant: 0, waiting: 1 });
  });

  it('refuses a status the schema does not know', async () => {
    const queue = await buildQueue(open.db);
    const customer = await insertCustomer(open.db, { name: 'X', email: null });
    await expect(
      open.db
        .insertInto('interactions')
        .values({
          channel: 'chat',
          customerId: customer.id,
          queueId: queue.id,
          entryPointId: null,
          customerTokenHash: null,
          enqueuedAt: new Date(),
          status: 'bot' as 'queued',
        })
        .execute(),
    ).rejects.toThrow();
  });
});
