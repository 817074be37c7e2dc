import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMail } from './parse.ts';
import { redactMail } from './redact-mail.ts';

// No input may crash ingest: whatever bytes arrive, parsing either gives a mail (which then
// redacts) or fails with an Error the sink turns into a refusal.
const headerLine = fc
  .tuple(
    fc.constantFrom(
      'Subject',
      'From',
      'To',
      'Content-Type',
      'Content-Transfer-Encoding',
      'Message-ID',
      'References',
      'X-Odd',
    ),
    fc.oneof(
      fc.string(),
      fc.constantFrom(
        'multipart/mixed; boundary=b',
        'multipart/report; report-type=delivery-status; boundary=b',
        'text/html; charset=ks_c_5601-1987',
        'base64',
        'quoted-printable',
        '=?UTF-8?B?7ZWc6g==?= =?UTF-8?B?tQ==?=',
        '=?euc-kr?Q?=C7=D1?=',
        '<a@b> <c@d',
      ),
    ),
  )
  .map(([key, value]) => `${key}: ${value}`);
const body = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '--b\r\nContent-Type: text/plain\r\n\r\nhi 4111 1111 1111 1111\r\n--b--',
    '--b\r\n\r\n<p onclick=x>',
    '=C7=D1=\r\n',
  ),
);

async function ingest(raw: Uint8Array): Promise<void> {
  let parsed;
  try {
    parsed = await parseMail(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return;
  }
  const redacted = await redactMail(parsed, raw);
  expect(typeof redacted.mail.subject).toBe('string');
}

describe('parseMail on any input', () => {
  it('never throws anything but an Error, and what parses also redacts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(headerLine, { maxLength: 8 }), body, async (headers, text) => {
        await ingest(Buffer.from(`${headers.join('\r\n')}\r\n\r\n${text}`, 'utf8'));
      }),
      { numRuns: 300 },
    );
  });

  it('copes with raw bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        await ingest(bytes);
      }),
      { numRuns: 300 },
    );
  });
});

// Mailers wrap base64 at any width, end lines with CRLF or LF, leave spaces at line ends, and
// some pad every line (encode each line's bytes on its own): each '=' run closes a unit.
const encodedAttachment = fc.record({
  bytes: fc.uint8Array({ minLength: 1, maxLength: 3000, size: 'max' }),
  // Repeated to cross the decoder's batches of 64 KiB.
  repeat: fc.integer({ min: 1, max: 60 }),
  // Bytes per separately encoded piece (a mailer that pads each line), or one piece.
  piece: fc.option(fc.integer({ min: 1, max: 120 })),
  width: fc.integer({ min: 1, max: 200 }),
  eol: fc.constantFrom('\r\n', '\n'),
  junk: fc.constantFrom('', ' ', '\t', ' \t '),
});

describe('parseMail on base64 attachments', () => {
  it('decodes them byte for byte however a mailer wraps and pads them', async () => {
    await fc.assert(
      fc.asyncProperty(encodedAttachment, async ({ bytes, repeat, piece, width, eol, junk }) => {
        const content = Buffer.concat(Array<Buffer>(repeat).fill(Buffer.from(bytes)));
        const size = piece ?? content.length;
        let encoded = '';
        for (let at = 0; at < content.length; at += size) {
          encoded += content.subarray(at, at + size).toString('base64');
        }
        const lines = encoded.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
        const raw = [
          'From: a@example.com',
          'Content-Type: multipart/mixed; boundary=b',
          '',
          '--b',
          'Content-Type: text/plain',
          '',
          'See the file.',
          '--b',
          'Content-Type: application/octet-stream; name=a.bin',
          'Content-Disposition: attachment; filename=a.bin',
          'Content-Transfer-Encoding: base64',
          '',
          ...lines.map((line) => line + junk),
          '--b--',
          '',
        ].join(eol);
        const mail = await parseMail(Buffer.from(raw));
        expect(mail.attachments).toHaveLength(1);
        expect(Buffer.from(mail.attachments[0]!.content).equals(content)).toBe(true);
        expect(mail.text.trim()).toBe('See the file.');
      }),
      // Shrinking attachments of kilobytes takes minutes: a failure is reported as found.
      { numRuns: 150, endOnFailure: true },
    );
  });
});
