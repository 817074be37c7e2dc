import { describe, expect, it } from 'vitest';
import {
  baseAddress,
  customerKeyOf,
  replyAddress,
  replyReferences,
  replySubject,
  resolveThread,
  threadKeys,
  type ThreadDecision,
  type ThreadMatch,
} from './threading.ts';
import type { MailAddress, ParsedMail } from './types.ts';

const hana = customerKeyOf('Hana@Example.com');
const minho = customerKeyOf('minho@example.net');
const token = 'k3v9x2m7q4p8';

/** What the store knows in these tables: our mail, the customer's mail, one relay-given id. */
const open: ThreadMatch = { interactionId: 'open-1', customerKey: hana, ended: false };
const ended: ThreadMatch = { interactionId: 'ended-1', customerKey: hana, ended: true };
const byId = new Map<string, ThreadMatch>([
  // Hana's first mail and our reply to it (contact open-1).
  ['CAF=first@mail.gmail.com', open],
  ['r-1.5f2c@sangdam.example', open],
  // Our reply as the relay renamed it (Amazon SES gives its own Message-ID).
  ['0100018c-aa11-bb22@email.amazonses.com', open],
  // A contact that has ended.
  ['old-reply@sangdam.example', ended],
  // A newsletter we sent; Hana answered it first, so it points at her contact.
  ['newsletter-2026-11@news.example', open],
]);
const byToken = new Map<string, ThreadMatch>([[token, open]]);

const address = (value: string, name = ''): MailAddress => ({ address: value, name });
const support = address('support@example.com', 'Example Support');

function mail(fields: Partial<ParsedMail>): ParsedMail {
  return {
    messageId: 'new@client.example',
    inReplyTo: [],
    references: [],
    from: address('hana@example.com', 'Hana'),
    replyTo: [],
    to: [support],
    cc: [],
    subject: 'Order 1042',
    date: undefined,
    text: 'Hello',
    html: undefined,
    attachments: [],
    kind: 'personal',
    reportsOn: undefined,
    size: 100,
    ...fields,
  };
}

describe('threading a received mail', () => {
  const table: {
    name: string;
    mail: ParsedMail;
    customer?: string;
    expected: ThreadDecision;
    known?: Map<string, ThreadMatch>;
  }[] = [
    {
      name: 'Gmail: References (oldest first) and In-Reply-To; the newest reference decides',
      mail: mail({
        references: ['<CAF=first@mail.gmail.com>', '<r-1.5f2c@sangdam.example>'],
        inReplyTo: ['<r-1.5f2c@sangdam.example>'],
        subject: `Re: Order 1042 [#${token}]`,
      }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'references' },
    },
    {
      name: 'Outlook: In-Reply-To only (Thread-Index instead of References), "AW:" subject',
      mail: mail({
        inReplyTo: ['<r-1.5f2c@sangdam.example>'],
        subject: 'AW: Order 1042',
      }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'in-reply-to' },
    },
    {
      name: 'Apple Mail: both headers, the subject token stripped, the address token kept',
      mail: mail({
        references: ['<r-1.5f2c@sangdam.example>'],
        inReplyTo: ['<r-1.5f2c@sangdam.example>'],
        to: [address(`support+${token}@example.com`)],
        subject: 'Re: Order 1042',
      }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'references' },
    },
    {
      name: 'a relay rewrote our Message-ID: the reply names the relay’s id',
      mail: mail({
        references: ['<0100018c-aa11-bb22@email.amazonses.com>'],
        inReplyTo: ['<0100018c-aa11-bb22@email.amazonses.com>'],
      }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'references' },
    },
    {
      name: 'a changed subject still threads by its headers',
      mail: mail({
        references: ['<r-1.5f2c@sangdam.example>'],
        subject: 'Another question entirely',
      }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'references' },
    },
    {
      name: 'headers lost (webmail, forwarded): the subject token threads it',
      mail: mail({ subject: `Fwd: Re: Order 1042 [#${token.toUpperCase()}]` }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'token' },
    },
    {
      name: 'headers lost: the reply+token address threads it',
      mail: mail({ to: [address(`reply+${token}@example.com`)], subject: 'hello again' }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'token' },
    },
    {
      name: 'a newsletter answered by a second person opens their own contact',
      mail: mail({
        from: address('minho@example.net'),
        references: ['<newsletter-2026-11@news.example>'],
        inReplyTo: ['<newsletter-2026-11@news.example>'],
      }),
      customer: minho,
      expected: { kind: 'new' },
    },
    {
      name: 'the newsletter’s first answerer stays in their contact',
      mail: mail({ inReplyTo: ['<newsletter-2026-11@news.example>'] }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'in-reply-to' },
    },
    {
      name: 'someone else quoting our token does not join the customer’s contact',
      mail: mail({ from: address('minho@example.net'), subject: `Re: [#${token}]` }),
      customer: minho,
      expected: { kind: 'new' },
    },
    {
      name: 'a reply to an ended contact opens a new one linked to it',
      mail: mail({ inReplyTo: ['<old-reply@sangdam.example>'] }),
      expected: { kind: 'follow-up', previousInteractionId: 'ended-1', matchedBy: 'in-reply-to' },
    },
    {
      name: 'a second reply to the ended contact joins the follow-up opened by the first',
      mail: mail({ inReplyTo: ['<old-reply@sangdam.example>'] }),
      known: new Map([
        [
          'old-reply@sangdam.example',
          { ...ended, latestFollowUp: { interactionId: 'follow-1', ended: false } },
        ],
      ]),
      expected: { kind: 'append', interactionId: 'follow-1', matchedBy: 'in-reply-to' },
    },
    {
      name: 'the newest reference wins over an older one of another contact',
      mail: mail({
        references: ['<old-reply@sangdam.example>', '<r-1.5f2c@sangdam.example>'],
      }),
      expected: { kind: 'append', interactionId: 'open-1', matchedBy: 'references' },
    },
    {
      name: 'unknown ids and no token: a new contact',
      mail: mail({ references: ['<elsewhere@other.example>'], inReplyTo: ['<x@y>'] }),
      expected: { kind: 'new' },
    },
    {
      name: 'a first mail: a new contact',
      mail: mail({}),
      expected: { kind: 'new' },
    },
  ];

  it.each(table)('$name', ({ mail: received, customer = hana, expected, known = byId }) => {
    expect(resolveThread(threadKeys(received), customer, known, byToken)).toEqual(expected);
  });
});

describe('thread keys', () => {
  it('lists References newest first, then In-Reply-To, without brackets or repeats', () => {
    const keys = threadKeys(
      mail({ references: ['<a@x>', ' <b@x> ', '<c@x>'], inReplyTo: ['<c@x>', '<d@x>'] }),
    );
    expect(keys.messageIds).toEqual([
      { id: 'c@x', from: 'references' },
      { id: 'b@x', from: 'references' },
      { id: 'a@x', from: 'references' },
      { id: 'd@x', from: 'in-reply-to' },
    ]);
  });

  it('ignores plus-tags that are not our tokens', () => {
    const keys = threadKeys(mail({ to: [address('support+sales@example.com')], subject: '[#1]' }));
    expect(keys.tokens).toEqual([]);
  });
});

describe('our reply headers', () => {
  it.each([
    ['Order 1042', `Re: Order 1042 [#${token}]`],
    [`Re: Order 1042 [#${token}]`, `Re: Order 1042 [#${token}]`],
    ['RE: Order', `RE: Order [#${token}]`],
    ['', `Re: [#${token}]`],
    ['주문 문의', `Re: 주문 문의 [#${token}]`],
  ])('subject %j → %j', (subject, expected) => {
    expect(replySubject(subject, token)).toBe(expected);
  });

  it('folds References: the parent’s chain and the parent, first and newest kept when long', () => {
    expect(
      replyReferences({ messageId: '<p@x>', references: ['<a@x>', '<b@x>'], inReplyTo: [] }),
    ).toEqual(['a@x', 'b@x', 'p@x']);
    expect(replyReferences({ messageId: 'p@x', references: [], inReplyTo: ['<a@x>'] })).toEqual([
      'a@x',
      'p@x',
    ]);
    const long = Array.from({ length: 30 }, (_, i) => `m${i}@x`);
    const folded = replyReferences({ messageId: 'p@x', references: long, inReplyTo: [] }, 5);
    expect(folded).toEqual(['m0@x', 'm27@x', 'm28@x', 'm29@x', 'p@x']);
  });

  it('tags and untags the support address', () => {
    expect(replyAddress('support@example.com', token)).toBe(`support+${token}@example.com`);
    expect(baseAddress(`Support+${token}@Example.com`)).toBe('support@example.com');
    expect(baseAddress('support@example.com')).toBe('support@example.com');
  });
});
