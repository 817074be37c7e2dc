import { describe, expect, it } from 'vitest';
import { parseMail } from './parse.ts';

const ascii = (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');
const utf8 = (text: string) => Buffer.from(text.replace(/(?<!\r)\n/g, '\r\n'), 'utf8');
const eucKr = (hex: string) => Buffer.from(hex, 'hex');
const mail = (...parts: Buffer[]) => Buffer.concat(parts);
const b64 = (bytes: Buffer) => bytes.toString('base64');

// 한국어 and 홍길동 in EUC-KR (KS X 1001); こんにちは in ISO-2022-JP.
const HANGUGEO_EUC = eucKr('c7d1b1b9beee');
const HONG_EUC = eucKr('c8abb1e6b5bf');
const KONNICHIWA_JIS = Buffer.from('1b244224332473244b2441244f1b2842', 'hex');

describe('parseMail charsets', () => {
  it('reads a UTF-8 Korean mail with an encoded subject and sender name', async () => {
    const parsed = await parseMail(
      mail(
        ascii(`From: =?UTF-8?B?${b64(utf8('김민지'))}?= <MinJi@Example.KR>
To: support@shop.example
Subject: =?UTF-8?B?${b64(utf8('주문 문의'))}?=
Message-ID: <k1@example.kr>
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

`),
        utf8('안녕하세요, 주문이 아직 안 왔어요.\r\n'),
      ),
    );
    expect(parsed.from).toEqual({ address: 'minji@example.kr', name: '김민지' });
    expect(parsed.subject).toBe('주문 문의');
    expect(parsed.text).toContain('주문이 아직 안 왔어요');
    expect(parsed.messageId).toBe('k1@example.kr');
  });

  it('reads EUC-KR declared as ks_c_5601-1987 (Outlook) in headers and body', async () => {
    const parsed = await parseMail(
      mail(
        ascii(`From: =?ks_c_5601-1987?B?${b64(HONG_EUC)}?= <hong@example.kr>
Subject: =?ks_c_5601-1987?B?${b64(HANGUGEO_EUC)}?=
Content-Type: text/plain; charset="ks_c_5601-1987"
Content-Transfer-Encoding: 8bit

`),
        HANGUGEO_EUC,
      ),
    );
    expect(parsed.from?.name).toBe('홍길동');
    expect(parsed.subject).toBe('한국어');
    expect(parsed.text.trim()).toBe('한국어');
  });

  it('reads undeclared 8-bit headers: raw UTF-8, and raw EUC-KR after the body charset', async () => {
    const rawUtf8 = await parseMail(mail(ascii('Subject: '), utf8('배송 문의'), ascii('\n\nbody')));
    expect(rawUtf8.subject).toBe('배송 문의');
    const rawEuc = await parseMail(
      mail(
        ascii('From: '),
        HONG_EUC,
        ascii(' <hong@example.kr>\nSubject: '),
        HANGUGEO_EUC,
        ascii('\nContent-Type: text/plain; charset=euc-kr\n\n'),
        HANGUGEO_EUC,
      ),
    );
    expect(rawEuc.subject).toBe('한국어');
    expect(rawEuc.from).toEqual({ address: 'hong@example.kr', name: '홍길동' });
    expect(rawEuc.text.trim()).toBe('한국어');
    // No charset declared anywhere: Korean first.
    const bare = await parseMail(mail(ascii('Subject: '), HANGUGEO_EUC, ascii('\n\nhi')));
    expect(bare.subject).toBe('한국어');
  });

  it('reads ISO-2022-JP in headers and body', async () => {
    const parsed = await parseMail(
      mail(
        ascii(`Subject: =?ISO-2022-JP?B?${b64(KONNICHIWA_JIS)}?=
Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit

`),
        KONNICHIWA_JIS,
      ),
    );
    expect(parsed.subject).toBe('こんにちは');
    expect(parsed.text.trim()).toBe('こんにちは');
  });

  it('joins a Korean character split across two encoded words, folded over lines', async () => {
    const bytes = utf8('한국어 문의');
    const qp = (b: Buffer) => [...b].map((x) => `=${x.toString(16).toUpperCase()}`).join('');
    const split = await parseMail(
      ascii(
        `Subject: =?UTF-8?B?${b64(bytes.subarray(0, 4))}?=\n =?UTF-8?B?${b64(bytes.subarray(4))}?=\n\nx`,
      ),
    );
    expect(split.subject).toBe('한국어 문의');
    const splitQ = await parseMail(
      ascii(
        `Subject: =?utf-8?Q?${qp(bytes.subarray(0, 5))}?= =?utf-8?Q?${qp(bytes.subarray(5))}?=\n\nx`,
      ),
    );
    expect(splitQ.subject).toBe('한국어 문의');
    const eucSplit = await parseMail(
      ascii(
        `Subject: =?euc-kr?B?${b64(HANGUGEO_EUC.subarray(0, 3))}?= =?euc-kr?B?${b64(HANGUGEO_EUC.subarray(3))}?=\n\nx`,
      ),
    );
    expect(eucSplit.subject).toBe('한국어');
  });

  it('reads Korean attachment names: raw EUC-KR in a part header, and RFC 2231 encoded', async () => {
    const parsed = await parseMail(
      mail(
        ascii(`Subject: files
Content-Type: multipart/mixed; boundary="=_part"

--=_part
Content-Type: text/plain; charset=ks_c_5601-1987

`),
        HANGUGEO_EUC,
        ascii(`
--=_part
Content-Type: application/pdf; name="`),
        HONG_EUC,
        ascii(`.pdf"
Content-Disposition: attachment; filename="`),
        HONG_EUC,
        ascii(`.pdf"

%PDF-1.4
--=_part
Content-Type: application/pdf
Content-Disposition: attachment; filename*=ks_c_5601-1987''%C7%D1%B1%B9%BE%EE.pdf

%PDF-1.4
--=_part--
`),
      ),
    );
    expect(parsed.text.trim()).toBe('한국어');
    expect(parsed.attachments.map((a) => a.fileName)).toEqual(['홍길동.pdf', '한국어.pdf']);
  });

  it('keeps words apart that are whole on their own', async () => {
    const parsed = await parseMail(
      ascii('Subject: =?UTF-8?Q?caf=C3=A9?= =?UTF-8?Q?_au_lait?=\n\nx'),
    );
    expect(parsed.subject).toBe('café au lait');
  });
});

describe('parseMail HTML', () => {
  const htmlMail = (html: string, extra = '') =>
    utf8(`From: a@example.com
Subject: html
MIME-Version: 1.0
Content-Type: multipart/related; boundary="b1"

--b1
Content-Type: text/html; charset=utf-8

${html}
--b1
Content-Type: image/png
Content-ID: <logo@x>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
${extra}--b1--
`);

  it('removes scripts, handlers, forms and frames, keeps tables, inline styles and cid images', async () => {
    const parsed = await parseMail(
      htmlMail(
        `<style>p{color:red}</style><script>alert(1)</script>
<table border="1" cellpadding="4" style="border-collapse:collapse"><tr><td style="color:#c00" colspan="2">주문 <b>12</b></td></tr></table>
<img src="cid:logo@x" onerror="alert(2)" alt="logo"><a href="javascript:alert(3)">x</a><a href="https://shop.example/o/12">order</a>
<form action="https://evil.example"><input name="pw"></form><iframe src="https://evil.example"></iframe>`,
      ),
    );
    const html = parsed.html ?? '';
    expect(html).not.toMatch(/<script|onerror|javascript:|<form|<input|<iframe|<style/i);
    expect(html).toContain('<table border="1" cellpadding="4" style="border-collapse:collapse">');
    expect(html).toContain('<td style="color:#c00" colspan="2">');
    expect(html).toContain('src="cid:logo@x"');
    expect(html).toContain('href="https://shop.example/o/12"');
    expect(parsed.attachments).toEqual([
      expect.objectContaining({
        contentId: 'logo@x',
        disposition: 'inline',
        contentType: 'image/png',
      }),
    ]);
  });

  it('derives the text from the HTML when the mail has only HTML', async () => {
    const parsed = await parseMail(
      htmlMail('<p>안녕하세요</p><table><tr><td>주문</td><td>12</td></tr></table>'),
    );
    expect(parsed.text).toContain('안녕하세요');
    expect(parsed.text).toMatch(/주문\s+12/);
    expect(parsed.text).not.toContain('<');
  });
});

describe('parseMail fields', () => {
  it('reads ids, addresses, dates and names an attachment that has no name', async () => {
    const parsed = await parseMail(
      ascii(`From: "Kim" <kim@example.kr>
To: Support <Support@Shop.example>, team: a@x.example, b@x.example;
Cc: c@x.example
Reply-To: reply@example.kr
Date: Mon, 30 Nov 2026 10:00:00 +0900
Message-ID: <abc@mail.example.kr>
In-Reply-To: <our-1@shop.example>
References: <first@x> <our-1@shop.example>
Content-Type: multipart/mixed; boundary=z

--z
Content-Type: text/plain

hello
--z
Content-Type: application/pdf
Content-Disposition: attachment; filename="../../etc/passwd.pdf"

%PDF
--z
Content-Type: application/pdf

%PDF
--z--
`),
    );
    expect(parsed.to.map((a) => a.address)).toEqual([
      'support@shop.example',
      'a@x.example',
      'b@x.example',
    ]);
    expect(parsed.cc).toEqual([{ address: 'c@x.example', name: '' }]);
    expect(parsed.replyTo[0]?.address).toBe('reply@example.kr');
    expect(parsed.date?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(parsed.inReplyTo).toEqual(['our-1@shop.example']);
    expect(parsed.references).toEqual(['first@x', 'our-1@shop.example']);
    expect(parsed.attachments.map((a) => a.fileName)).toEqual(['passwd.pdf', 'attachment-2.pdf']);
    expect(parsed.kind).toBe('personal');
  });

  it('gives empty fields for a mail with no headers at all', async () => {
    const parsed = await parseMail(ascii('\njust text'));
    expect(parsed).toMatchObject({
      messageId: undefined,
      from: undefined,
      subject: '',
      date: undefined,
    });
    expect(parsed.text.trim()).toBe('just text');
  });
});
