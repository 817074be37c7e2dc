import { describe, expect, it } from 'vitest';
import { applySizeRule, DEFAULT_MAIL_SIZE_LIMIT } from './size-rule.ts';
import type { MailAttachment, ParsedMail } from './types.ts';

const MB = 1024 * 1024;
const file = (fileName: string, megabytes: number): MailAttachment => ({
  fileName,
  contentType: 'application/pdf',
  contentId: undefined,
  disposition: 'attachment',
  content: new Uint8Array(megabytes * MB),
});
/** A mail as received: its size is the encoded attachments plus some text. */
const mailWith = (...attachments: MailAttachment[]): ParsedMail => ({
  messageId: 'm@x',
  inReplyTo: [],
  references: [],
  from: { address: 'kim@example.kr', name: 'Kim' },
  replyTo: [],
  to: [],
  cc: [],
  subject: '견적서',
  date: undefined,
  text: '첨부 확인 부탁드립니다',
  html: undefined,
  attachments,
  kind: 'personal',
  reportsOn: undefined,
  size:
    10_000 +
    attachments.reduce((sum, a) => sum + Math.ceil(((a.content.byteLength * 4) / 3) * 1.03), 0),
});
const names = (list: readonly { fileName: string }[]) => list.map((a) => a.fileName);

describe('applySizeRule', () => {
  it('keeps a mail under the limit whole', () => {
    const mail = mailWith(file('a.pdf', 5), file('b.pdf', 10));
    expect(applySizeRule(mail, { attachmentsAllowed: true })).toEqual({ mail, dropped: [] });
  });

  it('drops the largest attachment first and stops as soon as the mail fits', () => {
    const mail = mailWith(file('small.pdf', 2), file('big.pdf', 12), file('mid.pdf', 8));
    expect(mail.size).toBeGreaterThan(DEFAULT_MAIL_SIZE_LIMIT);
    const result = applySizeRule(mail, { attachmentsAllowed: true });
    expect(names(result.dropped)).toEqual(['big.pdf']);
    expect(result.dropped[0]).toMatchObject({ reason: 'too-large', size: 12 * MB });
    expect(names(result.mail.attachments)).toEqual(['small.pdf', 'mid.pdf']);
    expect(result.mail.text).toBe(mail.text);
    expect(result.mail.size).toBeLessThanOrEqual(DEFAULT_MAIL_SIZE_LIMIT);
  });

  it('drops several, largest first, under a lower limit an admin set', () => {
    const mail = mailWith(file('a.pdf', 3), file('b.pdf', 4), file('c.pdf', 1));
    const result = applySizeRule(mail, { attachmentsAllowed: true, limitBytes: 3 * MB });
    expect(names(result.dropped)).toEqual(['b.pdf', 'a.pdf']);
    expect(names(result.mail.attachments)).toEqual(['c.pdf']);
  });

  it('never drops the text, even when the text alone is over the limit', () => {
    const mail = { ...mailWith(file('a.pdf', 1)), text: 'x'.repeat(2 * MB), size: 4 * MB };
    const result = applySizeRule(mail, { attachmentsAllowed: true, limitBytes: 1 * MB });
    expect(result.mail.text).toHaveLength(2 * MB);
    expect(names(result.dropped)).toEqual(['a.pdf']);
  });

  it('drops every attachment when attachments are off, whatever the size', () => {
    const result = applySizeRule(mailWith(file('a.pdf', 1), file('b.pdf', 1)), {
      attachmentsAllowed: false,
    });
    expect(result.mail.attachments).toEqual([]);
    expect(result.dropped.map((d) => [d.fileName, d.reason])).toEqual([
      ['a.pdf', 'attachments-off'],
      ['b.pdf', 'attachments-off'],
    ]);
  });
});
