import type { EmailMessage, InteractionEvent } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { interactionId } from '../../../realtime/test-factories.ts';
import { buildEmailThread, lastMailChange, newestInboundId, threadView } from './email-thread.ts';

const customer = { address: 'minji@example.com', name: 'Minji Park' };
const support = { address: 'support@sangdam.local', name: 'Support' };
const mailId = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
const at = (seq: number) => new Date(Date.UTC(2026, 0, 1, 10, seq)).toISOString();

function received(seq: number, n: number, kind: 'personal' | 'auto-reply' = 'personal') {
  return {
    type: 'email.received',
    interactionId,
    seq,
    at: at(seq),
    kind,
    email: {
      id: mailId(n),
      from: customer,
      to: [support],
      cc: [],
      subject: 'Where is my parcel?',
      text: `mail ${n}`,
      textTruncated: false,
    },
  } satisfies InteractionEvent;
}

function queued(seq: number, n: number) {
  return {
    type: 'email.queued',
    interactionId,
    seq,
    at: at(seq),
    clientMessageId: `client-${seq}`,
    author: { kind: 'agent', id: null, name: 'Agent One' },
    email: {
      id: mailId(n),
      from: support,
      to: [customer],
      cc: [],
      subject: 'Re: Where is my parcel?',
      text: `reply ${n}`,
      textTruncated: false,
    },
  } satisfies InteractionEvent;
}

function stored(n: number, overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    id: mailId(n),
    direction: 'in',
    kind: 'personal',
    messageId: `m${n}@example.com`,
    from: customer,
    to: [support],
    cc: [],
    subject: 'Where is my parcel?',
    text: `mail ${n}`,
    html: `<p>mail ${n}</p>`,
    receivedAt: at(n),
    sentAt: null,
    status: null,
    failure: null,
    attachments: [],
    dropped: [],
    hasRaw: true,
    authorName: null,
    ...overrides,
  };
}

describe('the email thread of a contact', () => {
  it('shows a mail from its event until the whole mail is fetched, then with its HTML', () => {
    const events = [received(1, 1)];
    const before = buildEmailThread(undefined, events);
    expect(before.map((mail) => [mail.id, mail.text, mail.html])).toEqual([
      [mailId(1), 'mail 1', null],
    ]);
    const after = buildEmailThread([stored(1)], events);
    expect(after.map((mail) => [mail.id, mail.html])).toEqual([[mailId(1), '<p>mail 1</p>']]);
  });

  it('names the agent who wrote a fetched reply without its event, as in an earlier contact', () => {
    const reply = stored(2, { direction: 'out', from: support, authorName: 'Agent One' });
    expect(buildEmailThread([stored(1), reply], []).map((mail) => mail.authorName)).toEqual([
      null,
      'Agent One',
    ]);
  });

  it('adds a reply the fetch has not seen yet, queued, then sent or failed as the events say', () => {
    const events: InteractionEvent[] = [received(1, 1), queued(2, 2)];
    const queuedThread = buildEmailThread([stored(1)], events);
    expect(queuedThread.map((mail) => [mail.direction, mail.status, mail.authorName])).toEqual([
      ['in', null, null],
      ['out', 'queued', 'Agent One'],
    ]);
    const sent = buildEmailThread(
      [stored(1)],
      [...events, { type: 'email.sent', interactionId, seq: 3, at: at(3), emailId: mailId(2) }],
    );
    expect(sent[1]!.status).toBe('sent');
    const bounced = buildEmailThread(
      [stored(1)],
      [
        ...events,
        { type: 'email.sent', interactionId, seq: 3, at: at(3), emailId: mailId(2) },
        {
          type: 'email.failed',
          interactionId,
          seq: 4,
          at: at(4),
          emailId: mailId(2),
          reason: 'bounced',
          response: '550 no such user',
        },
      ],
    );
    expect([bounced[1]!.status, bounced[1]!.failureReason]).toEqual(['failed', 'bounced']);
  });

  it('shows a retried reply queued again, then as its next outcome says', () => {
    const refused = {
      type: 'email.failed',
      interactionId,
      seq: 3,
      at: at(3),
      emailId: mailId(2),
      reason: 'refused',
      response: '550 mailbox unavailable',
    } satisfies InteractionEvent;
    const retried = {
      type: 'email.retried',
      interactionId,
      seq: 4,
      at: at(4),
      emailId: mailId(2),
      author: { kind: 'agent', id: null, name: 'Agent One' },
    } satisfies InteractionEvent;
    const events: InteractionEvent[] = [received(1, 1), queued(2, 2), refused];
    expect(buildEmailThread([stored(1)], events)[1]!.status).toBe('failed');
    const again = buildEmailThread([stored(1)], [...events, retried]);
    expect([again[1]!.status, again[1]!.failureReason]).toEqual(['queued', null]);
    const sent = buildEmailThread(
      [stored(1)],
      [
        ...events,
        retried,
        { type: 'email.sent', interactionId, seq: 5, at: at(5), emailId: mailId(2) },
      ],
    );
    expect(sent[1]!.status).toBe('sent');
  });

  it('dates a queued reply by its event and leaves delivery reports out', () => {
    const thread = buildEmailThread(
      [
        stored(1),
        stored(2, { direction: 'out', receivedAt: null, status: 'queued', from: support }),
        stored(3, { kind: 'delivery-report', from: { address: 'mailer-daemon@x', name: '' } }),
      ],
      [received(1, 1), queued(5, 2)],
    );
    expect(thread.map((mail) => [mail.id, mail.at])).toEqual([
      [mailId(1), at(1)],
      [mailId(2), at(5)],
    ]);
  });

  it('finds the customer’s newest mail, not counting auto-replies or our replies', () => {
    const thread = buildEmailThread(undefined, [
      received(1, 1),
      received(2, 2),
      queued(3, 3),
      received(4, 4, 'auto-reply'),
    ]);
    expect(newestInboundId(thread)).toBe(mailId(2));
    expect(newestInboundId([])).toBeNull();
  });
});

describe('what the email area shows of the thread', () => {
  const thread = buildEmailThread(undefined, [received(1, 1), queued(2, 2), received(3, 3)]);

  it('opens the newest mail and keeps the earlier ones behind the ellipsis', () => {
    const view = threadView(thread, mailId(3));
    expect(view.earlier.map((mail) => mail.id)).toEqual([mailId(1), mailId(2)]);
    expect(view.current.map((mail) => mail.id)).toEqual([mailId(3)]);
    expect(view.newer.size).toBe(0);
  });

  it('keeps the mail the agent read open and marks a customer mail that came after it', () => {
    const withNewer = buildEmailThread(undefined, [
      received(1, 1),
      queued(2, 2),
      received(3, 3),
      received(4, 4),
      received(5, 5, 'auto-reply'),
    ]);
    const view = threadView(withNewer, mailId(3));
    expect(view.current.map((mail) => mail.id)).toEqual([mailId(3), mailId(4), mailId(5)]);
    expect([...view.newer]).toEqual([mailId(4)]);
  });

  it('shows the last mail when nothing was read yet', () => {
    expect(threadView(thread, null).current.map((mail) => mail.id)).toEqual([mailId(3)]);
    expect(threadView([], null)).toEqual({ earlier: [], current: [], newer: new Set() });
  });

  it('fetches again when an email event arrives, not for other events', () => {
    const events: InteractionEvent[] = [
      received(1, 1),
      { type: 'agent.joined', interactionId, seq: 2, at: at(2), agent: { id: null, name: 'A' } },
    ];
    expect(lastMailChange(events)).toBe(1);
    expect(lastMailChange([...events, queued(3, 2)])).toBe(3);
    expect(lastMailChange([])).toBe(0);
  });
});
