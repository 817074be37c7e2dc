import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './database.ts';
import {
  countPredefinedResponsesForInsert,
  deletePredefinedResponse,
  insertPredefinedResponse,
  listPredefinedResponses,
  responseTitleTaken,
  updatePredefinedResponse,
} from './predefined-responses.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

describe.each(engines)('predefined responses store on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());
  beforeEach(async () => {
    await open.db.deleteFrom('predefinedResponses').execute();
  });

  const at = new Date('2026-11-30T09:00:00.000Z');
  const later = new Date('2026-11-30T10:30:00.000Z');

  it('keeps a response as typed, Korean and emoji included, with its times', async () => {
    const text = '안녕하세요, 상담원 김민지입니다 🙂\n무엇을 도와드릴까요?';
    const created = await insertPredefinedResponse(
      open.db,
      { title: '인사', text, category: '시작' },
      at,
    );
    expect(created).toMatchObject({
      title: '인사',
      text,
      category: '시작',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
    expect(await listPredefinedResponses(open.db)).toEqual([created]);
  });

  it('lists by category, uncategorised last, then by title ignoring case', async () => {
    for (const [title, category] of [
      ['zeta', null],
      ['Refund policy', 'Billing'],
      ['alpha', null],
      ['invoice copy', 'billing tools'],
      ['Apology', 'Billing'],
    ] as const) {
      await insertPredefinedResponse(open.db, { title, text: `${title} text`, category }, at);
    }
    const listed = await listPredefinedResponses(open.db);
    expect(listed.map((r) => r.title)).toEqual([
      'Apology',
      'Refund policy',
      'invoice copy',
      'alpha',
      'zeta',
    ]);
  });

  it('updates the text and category and moves only the update time', async () => {
    const created = await insertPredefinedResponse(
      open.db,
      { title: 'Hours', text: 'We are open 9–18.', category: null },
      at,
    );
    const updated = await updatePredefinedResponse(
      open.db,
      created.id,
      { title: 'Opening hours', text: 'We are open 9–20.', category: 'Store' },
      later,
    );
    expect(updated).toEqual({
      id: created.id,
      title: 'Opening hours',
      text: 'We are open 9–20.',
      category: 'Store',
      createdAt: at.toISOString(),
      updatedAt: later.toISOString(),
    });
  });

  it('answers undefined or false for a response that no longer exists', async () => {
    const created = await insertPredefinedResponse(
      open.db,
      { title: 'Bye', text: 'Goodbye!', category: null },
      at,
    );
    expect(await deletePredefinedResponse(open.db, created.id)).toBe(true);
    expect(await deletePredefinedResponse(open.db, created.id)).toBe(false);
    expect(
      await updatePredefinedResponse(
        open.db,
        created.id,
        { title: 'Bye', text: 'x', category: null },
        later,
      ),
    ).toBeUndefined();
    expect(await listPredefinedResponses(open.db)).toEqual([]);
  });

  it('finds a taken title regardless of case and spaces, except on the response itself', async () => {
    const created = await insertPredefinedResponse(
      open.db,
      { title: 'Refund policy', text: 'Refunds take 3 days.', category: null },
      at,
    );
    expect(await responseTitleTaken(open.db, '  refund POLICY ', null)).toBe(true);
    expect(await responseTitleTaken(open.db, 'Refund policy', created.id)).toBe(false);
    expect(await responseTitleTaken(open.db, 'Refund', null)).toBe(false);
  });

  it('refuses a second title differing only in case, in the database itself', async () => {
    await insertPredefinedResponse(open.db, { title: 'Hello', text: 'Hi!', category: null }, at);
    await expect(
      insertPredefinedResponse(open.db, { title: 'HELLO', text: 'Hi again', category: null }, at),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('counts the responses inside a transaction', async () => {
    await insertPredefinedResponse(open.db, { title: 'One', text: '1', category: null }, at);
    await insertPredefinedResponse(open.db, { title: 'Two', text: '2', category: null }, at);
    const count = await open.db
      .transaction()
      .execute((tx) => countPredefinedResponsesForInsert(tx));
    expect(count).toBe(2);
  });
});
