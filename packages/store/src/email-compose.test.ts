import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './database.ts';
import {
  deleteEmailDraft,
  deleteEmailTemplate,
  findEmailDraft,
  insertEmailTemplate,
  listEmailDrafts,
  saveEmailDraft,
} from './email-compose.ts';
import { insertParticipant, leaveParticipation, listParticipants } from './interactions.ts';
import { buildChat, buildQueue, buildUser } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

describe.each(engines)('email drafts store on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  const at = new Date('2026-11-30T09:00:00.000Z');

  async function draftKey() {
    const queue = await buildQueue(open.db, { channel: 'email' });
    const chat = await buildChat(open.db, { queueId: queue.id });
    const user = await buildUser(open.db);
    return { interactionId: chat.id, userId: user.id, mode: 'reply' as const };
  }
  const content = (body: string) => ({ body, cc: [], templateId: null });

  it('lets exactly one of several saves of the same version win, each in its own transaction', async () => {
    const key = await draftKey();
    await saveEmailDraft(open.db, key, null, content('v1'), at);
    const racers = ['a', 'b', 'c', 'd', 'e'];
    const results = await Promise.all(
      racers.map((body) =>
        open.db.transaction().execute((tx) => saveEmailDraft(tx, key, 1, content(body), at)),
      ),
    );
    const won = results.filter((r) => r !== undefined);
    expect(won).toHaveLength(1);
    expect(await findEmailDraft(open.db, key)).toMatchObject({ version: 2, body: won[0]!.body });
  });

  it('creates once from "no draft", and keeps one draft per mode and per agent', async () => {
    const key = await draftKey();
    const creates = await Promise.all(
      ['x', 'y'].map((body) =>
        open.db.transaction().execute((tx) => saveEmailDraft(tx, key, null, content(body), at)),
      ),
    );
    expect(creates.filter((r) => r !== undefined)).toHaveLength(1);
    await saveEmailDraft(open.db, { ...key, mode: 'quick' }, null, content('plain'), at);
    const other = await buildUser(open.db);
    await saveEmailDraft(open.db, { ...key, userId: other.id }, null, content('theirs'), at);
    expect(
      (await listEmailDrafts(open.db, key.interactionId, key.userId)).map((d) => d.mode),
    ).toEqual(['quick', 'reply']);
    expect(await deleteEmailDraft(open.db, key)).toBe(true);
    expect(await saveEmailDraft(open.db, key, 1, content('late'), at)).toBeUndefined();
  });

  it('discards an agent’s drafts of a contact when their part in it ends, and only theirs', async () => {
    const key = await draftKey();
    const other = await buildUser(open.db);
    for (const userId of [key.userId, other.id]) {
      await insertParticipant(open.db, {
        interactionId: key.interactionId,
        userId,
        role: userId === key.userId ? 'primary' : 'conference',
        joinedAt: at,
      });
    }
    await saveEmailDraft(open.db, key, null, content('mine'), at);
    await saveEmailDraft(open.db, { ...key, mode: 'quick' }, null, content('mine too'), at);
    await saveEmailDraft(open.db, { ...key, userId: other.id }, null, content('theirs'), at);
    const mine = (await listParticipants(open.db, key.interactionId)).find(
      (p) => p.userId === key.userId,
    )!;
    await leaveParticipation(open.db, mine.id, at, false);
    expect(await listEmailDrafts(open.db, key.interactionId, key.userId)).toEqual([]);
    expect(await listEmailDrafts(open.db, key.interactionId, other.id)).toHaveLength(1);
  });

  it('keeps a draft’s text when its template is deleted', async () => {
    const key = await draftKey();
    const template = await insertEmailTemplate(
      open.db,
      { name: `T ${key.userId}`, bodyHtml: '<p>Hi</p>', category: null },
      at,
    );
    await saveEmailDraft(
      open.db,
      key,
      null,
      { body: '<p>Hi</p>', cc: ['a@example.com'], templateId: template.id },
      at,
    );
    await deleteEmailTemplate(open.db, template.id);
    expect(await findEmailDraft(open.db, key)).toMatchObject({
      body: '<p>Hi</p>',
      cc: ['a@example.com'],
      templateId: null,
      version: 1,
    });
  });
});
