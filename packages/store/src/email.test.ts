import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChat, buildQueue } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';
import type { OpenDatabase } from './database.ts';
import {
  claimDueMail,
  deleteEmailAddress,
  enqueueMail,
  findThreadMatches,
  insertEmailAddress,
  insertEmailMessage,
  loadImapCheckpoint,
  saveImapCheckpoint,
  type NewEmailMessage,
} from './email.ts';
import { setInteractionStatus } from './interactions.ts';

const at = new Date('2026-03-01T10:00:00.000Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

function message(fields: Partial<NewEmailMessage>): NewEmailMessage {
  return {
    interactionId: null,
    direction: 'in',
    kind: 'personal',
    messageId: `${crypto.randomUUID()}@example.test`,
    inReplyTo: [],
    references: [],
    from: { address: 'hana@example.com', name: 'Hana' },
    to: [],
    cc: [],
    subject: 'Hello',
    text: 'Hello',
    html: null,
    size: 10,
    receivedAt: at,
    status: null,
    authorId: null,
    clientMessageId: null,
    reportsOnId: null,
    createdAt: at,
    ...fields,
  };
}

describe.each(engines)('email rows on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  async function emailContact(previous: string | null = null) {
    const queue = await buildQueue(open.db, { channel: 'email' });
    const chat = await buildChat(open.db, { queueId: queue.id });
    const token = crypto.randomUUID().replaceAll('-', '').slice(0, 16);
    await open.db
      .updateTable('interactions')
      .set({ channel: 'email', emailReplyToken: token, previousInteractionId: previous })
      .where('id', '=', chat.id)
      .execute();
    const { customerKey } = await open.db
      .selectFrom('interactions')
      .select('customerKey')
      .where('id', '=', chat.id)
      .executeTakeFirstOrThrow();
    return { id: chat.id, token, customerKey };
  }

  it('stores an inbound Message-ID once, beside an outbound mail of the same id', async () => {
    const messageId = `${crypto.randomUUID()}@example.test`;
    expect(await insertEmailMessage(open.db, message({ messageId }))).toBeDefined();
    expect(await insertEmailMessage(open.db, message({ messageId }))).toBeUndefined();
    const contact = await emailContact();
    const outbound = message({
      messageId,
      direction: 'out',
      status: 'queued',
      interactionId: contact.id,
    });
    expect(await insertEmailMessage(open.db, outbound)).toBeDefined();
  });

  it('finds contacts by stored Message-ID, relay-given id and token, with their newest follow-up', async () => {
    const first = await emailContact();
    const ours = message({ interactionId: first.id, direction: 'out', status: 'queued' });
    const { id: oursId } = (await insertEmailMessage(open.db, ours))!;
    await open.db
      .updateTable('emailMessages')
      .set({ relayMessageId: 'relay-given@ses.example' })
      .where('id', '=', oursId)
      .execute();
    await setInteractionStatus(open.db, first.id, 'ended', at);
    // A reply to it after it ended opened a follow-up, itself ended and followed up again.
    const second = await emailContact(first.id);
    await setInteractionStatus(open.db, second.id, 'ended', later(60));
    const third = await emailContact(second.id);

    const { byId, byToken } = await findThreadMatches(
      open.db,
      [ours.messageId, 'relay-given@ses.example', 'unknown@example.test'],
      [first.token, 'nosuchtoken12345'],
    );
    const expected = {
      interactionId: first.id,
      customerKey: first.customerKey,
      ended: true,
      latestFollowUp: { interactionId: third.id, ended: false },
    };
    expect(byId.get(ours.messageId)).toEqual(expected);
    expect(byId.get('relay-given@ses.example')).toEqual(expected);
    expect(byId.has('unknown@example.test')).toBe(false);
    expect(byToken.get(first.token)).toEqual(expected);
    expect(byToken.size).toBe(1);
    expect(await findThreadMatches(open.db, [], [])).toEqual({
      byId: new Map(),
      byToken: new Map(),
    });
  });

  it('lets two workers claim due mail at once without taking the same row, leased', async () => {
    const contact = await emailContact();
    for (let i = 0; i < 6; i++) {
      const row = message({ interactionId: contact.id, direction: 'out', status: 'queued' });
      const { id } = (await insertEmailMessage(open.db, row))!;
      await enqueueMail(open.db, {
        emailMessageId: id,
        mail: { i },
        now: at,
        giveUpAt: later(3600),
      });
    }
    const claim = () =>
      open.db.transaction().execute((tx) => claimDueMail(tx, later(1), later(300), 4));
    const [a, b] = await Promise.all([claim(), claim()]);
    const ids = [...a, ...b].map((m) => m.emailMessageId);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect([...a, ...b].every((m) => m.attempts === 1)).toBe(true);
    // Leased: nothing is due again until the lease ends.
    expect(await claim()).toEqual([]);
    const again = await open.db
      .transaction()
      .execute((tx) => claimDueMail(tx, later(301), later(600), 10));
    expect(again.map((m) => m.attempts)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(again.map((m) => m.mail)).toEqual(expect.arrayContaining([{ i: 0 }, { i: 5 }]));
  });

  it('keeps an IMAP checkpoint that only moves forward within one UIDVALIDITY', async () => {
    const queue = await buildQueue(open.db, { channel: 'email' });
    const { id } = await insertEmailAddress(open.db, {
      address: `${crypto.randomUUID()}@example.test`,
      displayName: '',
      queueId: queue.id,
      imap: null,
    });
    expect(await loadImapCheckpoint(open.db, id, 'INBOX')).toBeUndefined();
    await saveImapCheckpoint(open.db, id, 'INBOX', { uidValidity: 7n, lastUid: 5 });
    // A reader that lost its lock saves an older UID: the checkpoint stays.
    await saveImapCheckpoint(open.db, id, 'INBOX', { uidValidity: 7n, lastUid: 3 });
    expect(await loadImapCheckpoint(open.db, id, 'INBOX')).toEqual({ uidValidity: 7n, lastUid: 5 });
    expect(await loadImapCheckpoint(open.db, id, 'Archive')).toBeUndefined();
    // The folder was recreated: its new UIDVALIDITY starts over.
    await saveImapCheckpoint(open.db, id, 'INBOX', { uidValidity: 4_294_967_295n, lastUid: 1 });
    expect(await loadImapCheckpoint(open.db, id, 'INBOX')).toEqual({
      uidValidity: 4_294_967_295n,
      lastUid: 1,
    });
    // The address was deleted while its mailbox was being read: nothing to keep.
    await deleteEmailAddress(open.db, id);
    await saveImapCheckpoint(open.db, id, 'INBOX', { uidValidity: 7n, lastUid: 9 });
    expect(await loadImapCheckpoint(open.db, id, 'INBOX')).toBeUndefined();
  });
});
