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
