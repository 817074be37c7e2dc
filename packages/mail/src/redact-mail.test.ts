import { describe, expect, it } from 'vitest';
import { parseMail } from './parse.ts';
import { redactMail } from './redact-mail.ts';

const PAN = '4111111111111111';
const SPACED = '4111 1111 1111 1111';
const OTHER = '5555-5555-5555-4444';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

// Everything a mail can carry a card number in: subject, a custom header, text, HTML text and
// attributes, a number split across HTML elements, a text attachment; plus a clean inline image.
const RAW = Buffer.from(
  `From: =?UTF-8?B?${b64('김민지')}?= <minji@example.kr>
To: support@shop.example
Subject: =?UTF-8?B?${b64(`카드 ${SPACED} 결제 오류`)}?=
Message-ID: <pan-1@example.kr>
X-Order-Note: card ${OTHER}
Received: from mx.example.kr by shop.example; Mon, 30 Nov 2026 10:00:00 +0900
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: multipart/alternative; boundary="a"

--a
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

${b64(`제 카드 번호는 ${SPACED} 입니다. 유효기간 12/28`)}
--a
Content-Type: multipart/related; boundary="r"

--r
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<p title=3D"${PAN}">=EC=B9=B4=EB=93=9C ${SPACED}</p><img src=3D"cid:logo@x">
--r
Content-Type: image/png
Content-ID: <logo@x>
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUg==
--r--
--a--
--m
Content-Type: text/plain; name="card.txt"
Content-Disposition: attachment; filename="card.txt"
Content-Transfer-Encoding: base64

${b64(`card: ${PAN}\n`)}
--m
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

delivery after 6pm
--m--
`.replace(/\n/g, '\r\n'),
);

function digitsOnly(text: string): string {
  return text.replace(/\D/g, '');
}

describe('redactMail', () => {
  it('masks the subject, text, HTML and headers and drops an attachment with card data', async () => {
    const { mail, dropped, findings } = await redactMail(await parseMail(RAW), RAW);
    for (const text of [mail.subject, mail.text, mail.html ?? '']) {
      expect(digitsOnly(text)).not.toContain(PAN);
    }
    expect(mail.subject).toContain('결제 오류');
    expect(mail.text).toContain('제 카드 번호는');
    expect(mail.html).toContain('src="cid:logo@x"');
    expect(dropped).toEqual([
      { fileName: 'card.txt', size: Buffer.byteLength(`card: ${PAN}\n`), reason: 'card-data' },
    ]);
    expect(mail.attachments.map((a) => a.fileName)).toEqual(['attachment-1.png', 'notes.txt']);
    expect(findings.CREDIT_CARD).toBeGreaterThanOrEqual(5);
  });

  it('rebuilds a raw original with no card number in any part or encoding, headers kept', async () => {
    const { raw } = await redactMail(await parseMail(RAW), RAW);
    const rawText = Buffer.from(raw).toString('latin1');
    expect(digitsOnly(rawText)).not.toContain(PAN);
    expect(digitsOnly(rawText)).not.toContain(digitsOnly(OTHER));
    expect(rawText).toMatch(/^Received: from mx\.example\.kr by shop\.example/m);
    expect(rawText).toMatch(/^Message-ID: <pan-1@example\.kr>/m);
    expect(rawText).toMatch(/^X-Order-Note: card /m);

    const again = await parseMail(raw);
    const decoded = [
      again.subject,
      again.text,
      again.html ?? '',
      ...again.attachments.map((a) => Buffer.from(a.content).toString('utf8')),
    ].join('\n');
    expect(digitsOnly(decoded)).not.toContain(PAN);
    expect(again.subject).toContain('결제 오류');
    expect(again.from).toEqual({ address: 'minji@example.kr', name: '김민지' });
    expect(again.attachments.map((a) => [a.fileName, a.disposition])).toEqual([
      ['attachment-1.png', 'inline'],
      ['notes.txt', 'attachment'],
    ]);
  });

  it('drops the HTML when a number is split across elements, keeping the masked text', async () => {
    const parsed = await parseMail(
      Buffer.from(
        `Subject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>4111 <b>1111</b> <i>1111</i> 1111</p>`,
      ),
    );
    const { mail, raw } = await redactMail(parsed, Buffer.from('Subject: x\r\n\r\n'));
    expect(mail.html).toBeUndefined();
    expect(digitsOnly(mail.text)).not.toContain(PAN);
    expect(digitsOnly(Buffer.from(raw).toString('latin1'))).not.toContain(PAN);
  });

  it('drops the HTML when masking each element would leave most of a split number', async () => {
    const parsed = await parseMail(
      Buffer.from(
        `Subject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>4111 <b>1111</b> 1111 1111</p>`,
      ),
    );
    const { mail, raw } = await redactMail(parsed, Buffer.from('Subject: x\r\n\r\n'));
    expect(mail.html).toBeUndefined();
    expect(mail.text).not.toMatch(/1111 1111/);
    expect(Buffer.from(raw).toString('latin1')).not.toMatch(/1111(<\/b>)? 1111/);
  });

  it('keeps the HTML, masked, when each secret sits whole in one element', async () => {
    const parsed = await parseMail(
      Buffer.from(
        `Subject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Card <b>${PAN}</b>, thanks</p><table><tr><td>Order</td></tr></table>`,
      ),
    );
    const { mail } = await redactMail(parsed, Buffer.from('Subject: x\r\n\r\n'));
    expect(mail.html).toContain('<b>');
    expect(digitsOnly(mail.html!)).not.toContain(PAN);
  });

  it('masks card data in an attachment’s name, in the kept file and the raw original', async () => {
    const named = Buffer.from(
      `From: a@example.kr\r\nSubject: receipt\r\nMessage-ID: <n@x>\r\nMIME-Version: 1.0\r\n` +
        `Content-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\n` +
        `Content-Type: text/plain\r\n\r\nsee the file\r\n--m\r\n` +
        `Content-Type: image/png\r\nContent-Disposition: attachment; filename="card ${PAN}.png"\r\n` +
        `Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAAANSUhEUg==\r\n--m--\r\n`,
    );
    const { mail, raw, verdicts } = await redactMail(await parseMail(named), named);
    expect(mail.attachments).toHaveLength(1);
    expect(digitsOnly(mail.attachments[0]!.fileName)).not.toContain(PAN);
    expect(mail.attachments[0]!.fileName).toMatch(/^card .*1111\.png$/);
    expect(verdicts).toEqual(['unreadable']);
    expect(digitsOnly(Buffer.from(raw).toString('latin1'))).not.toContain(PAN);
    const again = await parseMail(raw);
    expect(digitsOnly(again.attachments[0]!.fileName)).not.toContain(PAN);
  });

  it('keeps or drops the files it cannot read as the PCI policy says, like chat uploads', async () => {
    const files = Buffer.from(
      `From: a@example.kr\r\nSubject: scans\r\nMessage-ID: <u@x>\r\nMIME-Version: 1.0\r\n` +
        `Content-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\n` +
        `Content-Type: text/plain\r\n\r\nsee the files\r\n--m\r\n` +
        // A PDF signature and nothing a PDF reader can open.
        `Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="scan.pdf"\r\n\r\n` +
        `%PDF-1.7\r\n% not really a pdf\r\n--m\r\n` +
        `Content-Type: image/png\r\nContent-Disposition: attachment; filename="photo.png"\r\n` +
        `Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAAANSUhEUg==\r\n--m\r\n` +
        `Content-Type: text/plain; name="notes.txt"\r\nContent-Disposition: attachment; filename="notes.txt"\r\n\r\n` +
        `after 6pm\r\n--m--\r\n`,
    );
    const parsed = await parseMail(files);

    const allowed = await redactMail(parsed, files, { allowUnscannableAttachments: true });
    expect(allowed.mail.attachments.map((a) => a.fileName)).toEqual([
      'scan.pdf',
      'photo.png',
      'notes.txt',
    ]);
    expect(allowed.verdicts).toEqual(['unreadable', 'unreadable', 'clean']);
    expect(allowed.dropped).toEqual([]);

    const refused = await redactMail(parsed, files, { allowUnscannableAttachments: false });
    expect(refused.mail.attachments.map((a) => a.fileName)).toEqual(['notes.txt']);
    expect(refused.verdicts).toEqual(['clean']);
    expect(refused.dropped.map((d) => [d.fileName, d.reason])).toEqual([
      ['scan.pdf', 'unreadable'],
      ['photo.png', 'unreadable'],
    ]);
    const rebuilt = await parseMail(refused.raw);
    expect(rebuilt.attachments.map((a) => a.fileName)).toEqual(['notes.txt']);
  });

  it('leaves a clean mail as it was', async () => {
    const clean = Buffer.from(
      'From: a@example.kr\r\nSubject: 주문 12번\r\nMessage-ID: <c@x>\r\n\r\n감사합니다',
      'utf8',
    );
    const parsed = await parseMail(clean);
    const { mail, dropped } = await redactMail(parsed, clean);
    expect(mail).toEqual(parsed);
    expect(dropped).toEqual([]);
  });
});
