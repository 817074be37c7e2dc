import { describe, expect, it } from 'vitest';
import { classifyMail, type ClassifyInput } from './classify.ts';
import { parseMail } from './parse.ts';

const input = (
  headers: Record<string, string>,
  extra: Partial<ClassifyInput> = {},
): ClassifyInput => ({
  headers: Object.entries(headers).map(([key, value]) => ({ key: key.toLowerCase(), value })),
  from: 'customer@example.kr',
  contentType: 'text/plain',
  parts: [],
  ...extra,
});

describe('classifyMail', () => {
  it.each([
    ['a plain mail', {}, 'personal'],
    ['Auto-Submitted: no', { 'Auto-Submitted': 'no' }, 'personal'],
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }, 'auto-reply'],
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }, 'auto-reply'],
    ['X-Autoreply', { 'X-Autoreply': 'yes' }, 'auto-reply'],
    ['X-Autorespond', { 'X-Autorespond': 'Out of office' }, 'auto-reply'],
    ['Precedence: bulk', { Precedence: 'bulk' }, 'auto-reply'],
    ['Precedence: junk', { Precedence: 'junk' }, 'auto-reply'],
    ['Precedence: list', { Precedence: 'list' }, 'auto-reply'],
    ['Precedence: first-class', { Precedence: 'first-class' }, 'personal'],
    ['X-Loop', { 'X-Loop': 'support@shop.example' }, 'auto-reply'],
    [
      'X-Auto-Response-Suppress: All (Exchange out of office)',
      { 'X-Auto-Response-Suppress': 'All' },
      'auto-reply',
    ],
    ['X-Auto-Response-Suppress: OOF', { 'X-Auto-Response-Suppress': 'DR, OOF' }, 'auto-reply'],
    [
      'X-Auto-Response-Suppress: DR only (Outlook, a person)',
      { 'X-Auto-Response-Suppress': 'DR' },
      'personal',
    ],
    ['Return-Path: <>', { 'Return-Path': '<>' }, 'delivery-report'],
  ])('%s → %s', (_name, headers, kind) => {
    expect(classifyMail(input(headers)).kind).toBe(kind);
  });

  it.each([
    ['the null reverse-path', input({}, { envelopeFrom: null }), 'delivery-report'],
    ['a real reverse-path', input({}, { envelopeFrom: 'customer@example.kr' }), 'personal'],
    ['mailer-daemon', input({}, { from: 'MAILER-DAEMON@mx.example' }), 'delivery-report'],
    ['postmaster', input({}, { from: 'postmaster@mx.example' }), 'delivery-report'],
    [
      'multipart/report delivery-status',
      input({}, { contentType: 'multipart/report; report-type=delivery-status; boundary=x' }),
      'delivery-report',
    ],
    [
      'a read receipt (disposition-notification)',
      input({}, { contentType: 'multipart/report; report-type="disposition-notification"' }),
      'delivery-report',
    ],
  ])('%s → %s', (_name, value, kind) => {
    expect(classifyMail(value).kind).toBe(kind);
  });

  it('names the original message of a bounce from its message/rfc822 or headers part', () => {
    const returned = (mimeType: string) => ({
      mimeType,
      content: Buffer.from(
        'From: agent@shop.example\r\nMessage-ID:\r\n <reply-7@shop.example>\r\n\r\nHi',
      ),
    });
    const bounce = (parts: ClassifyInput['parts']) =>
      classifyMail(
        input(
          {},
          {
            envelopeFrom: null,
            parts: [{ mimeType: 'text/plain', content: Buffer.from('x') }, ...parts],
          },
        ),
      );
    expect(bounce([returned('message/rfc822')]).reportsOn).toBe('reply-7@shop.example');
    expect(bounce([returned('text/rfc822-headers')]).reportsOn).toBe('reply-7@shop.example');
    expect(bounce([]).reportsOn).toBeUndefined();
  });
});

describe('parseMail classifies', () => {
  it('a real-shaped bounce (multipart/report) as a report on the reply it returns', async () => {
    const raw = Buffer.from(
      `From: Mail Delivery System <MAILER-DAEMON@mx.example.kr>
To: support@shop.example
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="r"

--r
Content-Type: text/plain

The mail could not be delivered.
--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.kr
Final-Recipient: rfc822; gone@example.kr
Action: failed
Status: 5.1.1
--r
Content-Type: message/rfc822

From: support@shop.example
To: gone@example.kr
Subject: Re: order
Message-ID: <reply-42@shop.example>

Your order ships today.
--r--
`.replace(/\n/g, '\r\n'),
    );
    const parsed = await parseMail(raw, { envelopeFrom: null });
    expect(parsed).toMatchObject({ kind: 'delivery-report', reportsOn: 'reply-42@shop.example' });
    expect(parsed.text).toContain('could not be delivered');
  });

  it('an out-of-office answer as an auto-reply', async () => {
    const raw = Buffer.from(
      'From: kim@example.kr\r\nAuto-Submitted: auto-replied\r\nSubject: 부재중\r\n\r\n휴가 중입니다',
    );
    expect((await parseMail(raw)).kind).toBe('auto-reply');
  });
});
