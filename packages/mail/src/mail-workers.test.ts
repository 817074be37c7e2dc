import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { MailWorkerFailed, MailWorkers } from './mail-workers.ts';
import { receiveMail, type ReceiveOptions } from './receive.ts';

const options: ReceiveOptions = {
  envelopeFrom: 'hana@example.kr',
  sizeRule: { limitBytes: 25 * 1024 * 1024, attachmentsAllowed: true },
  pci: { allowUnscannableAttachments: true },
};

/** A mail of its own memory (as the SMTP receiver hands one over), card data in its subject. */
function mail(subject: string, attachment?: Buffer): Uint8Array {
  const parts = [
    'From: Hana <hana@example.kr>',
    'To: support@shop.example',
    `Subject: ${subject}`,
    `Message-ID: <${randomBytes(6).toString('hex')}@example.kr>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    '카드 4111 1111 1111 1111 로 결제했습니다.',
    ...(attachment
      ? [
          '--b',
          'Content-Type: image/jpeg; name="scan.jpg"',
          'Content-Transfer-Encoding: base64',
          '',
          attachment.toString('base64').replace(/.{76}/g, '$&\r\n'),
        ]
      : []),
    '--b--',
    '',
  ];
  const bytes = Buffer.from(parts.join('\r\n'));
  const own = new Uint8Array(bytes.byteLength);
  own.set(bytes);
  return own;
}

describe('mail worker threads', () => {
  let pool: MailWorkers | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  it('parse and screen a mail as the main thread would, its bytes moved rather than copied', async () => {
    pool = new MailWorkers({ size: 1, timeoutMs: 30_000 });
    const photo = randomBytes(300_000);
    const raw = mail('Paid with 4111 1111 1111 1111', photo);
    const expected = await receiveMail(raw.slice(), options);
    const result = await pool.receive(raw, options);
    expect(raw.byteLength).toBe(0); // moved to the thread
    expect(result.status).toBe('screened');
    expect(expected.status).toBe('screened');
    if (result.status !== 'screened' || expected.status !== 'screened') return;
    expect(result.screened.mail.subject).toBe('Paid with **** **** **** 1111');
    expect(result.screened.mail.text).toBe(expected.screened.mail.text);
    expect(Buffer.from(result.screened.mail.attachments[0]!.content).equals(photo)).toBe(true);
    expect(Buffer.from(result.screened.raw).toString()).not.toContain('4111 1111 1111 1111');
    expect(result.screened.raw.byteLength).toBe(expected.screened.raw.byteLength);
    expect(result.raw.byteLength).toBeGreaterThan(photo.byteLength);
  });

  it('answers a mail the parser cannot read as unreadable', async () => {
    pool = new MailWorkers({ size: 1, timeoutMs: 30_000 });
    // Deeper than postal-mime's nesting limit: the parser rejects it.
    const nested = Array.from({ length: 300 }, (_, i) => [
      `Content-Type: multipart/mixed; boundary="n${i}"`,
      '',
      `--n${i}`,
    ])
      .flat()
      .join('\r\n');
    const result = await pool.receive(Buffer.from(`Subject: deep\r\n${nested}\r\n`), options);
    expect(result).toEqual({ status: 'unreadable' });
  });

  it('fails only the mail of a thread that died, and screens the next one on a new thread', async () => {
    const threads: Worker[] = [];
    pool = new MailWorkers({ size: 1, timeoutMs: 30_000, onThreadStart: (t) => threads.push(t) });
    await pool.receive(mail('warm-up'), options);
    const big = pool.receive(mail('big', randomBytes(8_000_000)), options);
    await threads[0]!.terminate();
    await expect(big).rejects.toBeInstanceOf(MailWorkerFailed);
    const next = await pool.receive(mail('after the crash'), options);
    expect(next.status === 'screened' && next.screened.mail.subject).toBe('after the crash');
    expect(threads).toHaveLength(2);
  }, 20_000);

  it('ends a thread that runs out of time on a mail, and screens the next one', async () => {
    // A 30 MB photo takes the parser one to two seconds; a short mail a few milliseconds.
    pool = new MailWorkers({ size: 1, timeoutMs: 100 });
    await pool.receive(mail('warm-up'), options);
    await expect(pool.receive(mail('huge', randomBytes(30_000_000)), options)).rejects.toThrow(
      /ran out of time/,
    );
    const next = await pool.receive(mail('after the time limit'), options);
    expect(next.status === 'screened' && next.screened.mail.subject).toBe('after the time limit');
  }, 20_000);
});
