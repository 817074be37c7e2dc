import { describe, expect, it } from 'vitest';
import { parseMail } from './parse.ts';
import { screenMail } from './screen-mail.ts';

const PAN = '4111111111111111';
const MB = 1024 * 1024;
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
const part = (name: string, type: string, content: Buffer) =>
  `--m\r\nContent-Type: ${type}\r\nContent-Disposition: attachment; filename="${name}"\r\n` +
  `Content-Transfer-Encoding: base64\r\n\r\n${b64(content)}\r\n`;

/** A mail with a large file named with a card number, one with card data, one clean. */
const RAW = Buffer.from(
  `From: Kim <kim@example.kr>\r\nTo: support@shop.example\r\nSubject: card ${PAN}\r\n` +
    `Message-ID: <s-1@example.kr>\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/mixed; boundary="m"\r\n\r\n` +
    `--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nmy card is ${PAN}\r\n` +
    part(`scan ${PAN}.pdf`, 'application/pdf', Buffer.alloc(3 * MB, 7)) +
    part('card.txt', 'text/plain', Buffer.from(`number ${PAN}\n`)) +
    part('notes.txt', 'text/plain', Buffer.from('after 6pm\n')) +
    '--m--\r\n',
);

const digits = (text: string) => text.replace(/\D/g, '');
const KEEP_UNREADABLE = { allowUnscannableAttachments: true };

describe('screenMail', () => {
  it('applies the size rule, then redacts, and says what each step dropped with masked names', async () => {
    const screened = await screenMail(
      await parseMail(RAW),
      RAW,
      {
        limitBytes: 2 * MB,
        attachmentsAllowed: true,
      },
      KEEP_UNREADABLE,
    );
    expect(screened.dropped.slice(1)).toEqual([
      { name: 'card.txt', size: Buffer.byteLength(`number ${PAN}\n`), reason: 'card-data' },
    ]);
    expect(screened.dropped[0]).toMatchObject({ size: 3 * MB, reason: 'too-large' });
    expect(screened.dropped[0]!.name).toMatch(/^scan .*1111\.pdf$/);
    expect(digits(screened.dropped[0]!.name)).not.toContain(PAN);
    expect(screened.mail.attachments.map((a) => a.fileName)).toEqual(['notes.txt']);
    expect(screened.verdicts).toEqual(['clean']);
    expect(digits(screened.mail.subject + screened.mail.text)).not.toContain(PAN);
    expect(digits(Buffer.from(screened.raw).toString('latin1'))).not.toContain(PAN);
    // Subject, text, the dropped file's name and the card file's content.
    expect(screened.findings?.CREDIT_CARD).toBeGreaterThanOrEqual(4);
  });

  it('drops every file with attachments off and reports no findings for a clean mail', async () => {
    const clean = Buffer.from(RAW.toString('latin1').replaceAll(PAN, 'on file'), 'latin1');
    const screened = await screenMail(
      await parseMail(clean),
      undefined,
      {
        attachmentsAllowed: false,
      },
      KEEP_UNREADABLE,
    );
    expect(screened.dropped.map((d) => [d.name, d.reason])).toEqual([
      ['scan on file.pdf', 'attachments-off'],
      ['card.txt', 'attachments-off'],
      ['notes.txt', 'attachments-off'],
    ]);
    expect(screened.mail.attachments).toEqual([]);
    expect(screened.findings).toBeNull();
    // Without the received bytes the original is rebuilt from what the parsed mail knows.
    expect(Buffer.from(screened.raw).toString('latin1')).toMatch(/^Message-ID: <s-1@example\.kr>/m);
  });
});
