import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createSmtpReceiver,
  type SmtpReceiver,
  type SmtpReceiverOptions,
} from './smtp-receiver.ts';
import type { ReceivedMail, SinkOutcome } from './types.ts';

const SUPPORT = 'support@shop.example';
const stored: SinkOutcome = { status: 'stored' };
let receiver: SmtpReceiver | undefined;

async function startReceiver(options: Partial<SmtpReceiverOptions>): Promise<SmtpReceiver> {
  receiver = createSmtpReceiver({
    port: 0,
    host: '127.0.0.1',
    accepts: (recipient) => recipient === SUPPORT,
    sink: () => Promise.resolve(stored),
    closeTimeoutMs: 1000,
    ...options,
  });
  await receiver.start();
  return receiver;
}

function client(port: number, extra: Record<string, unknown> = {}) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    ...extra,
  });
}

function message(body = '안녕하세요', subject = '주문 문의'): string {
  return `From: kim@example.kr\r\nTo: ${SUPPORT}\r\nSubject: ${subject}\r\nMessage-ID: <m-${Math.random()}@example.kr>\r\n\r\n${body}\r\n`;
}

function send(
  port: number,
  raw: string | Buffer,
  envelope = { from: 'kim@example.kr', to: [SUPPORT] },
  extra = {},
) {
  return client(port, extra).sendMail({ envelope, raw });
}

afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
});

describe('SMTP receiver', { timeout: 30_000 }, () => {
  it('answers 250 only after the sink resolved, with the envelope and the raw message', async () => {
    let release: (outcome: SinkOutcome) => void = () => {};
    const received: ReceivedMail[] = [];
    const { port } = await startReceiver({
      sink: (mail) => {
        received.push(mail);
        return new Promise((resolve) => (release = resolve));
      },
    });
    let answered = false;
    const sending = send(port, message()).then((info) => ((answered = true), info));
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    release(stored);
    const info = await sending;
    expect(info.response).toMatch(/^250 /);
    expect(received[0]?.origin).toEqual({
      kind: 'smtp',
      envelopeFrom: 'kim@example.kr',
      recipients: [SUPPORT],
      remoteAddress: '127.0.0.1',
    });
    expect(Buffer.from(received[0]!.raw).toString('utf8')).toContain('안녕하세요');
  });

  it('refuses recipients that are not the organisation’s with 550', async () => {
    const { port } = await startReceiver({});
    const error = await send(port, message(), {
      from: 'kim@example.kr',
      to: ['nobody@shop.example'],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 550 });
  });

  it('answers 451 when the sink fails, so the client retries, and 250 on the retry', async () => {
    let fail = true;
    const errors: Error[] = [];
    const { port } = await startReceiver({
      sink: () => (fail ? Promise.reject(new Error('database down')) : Promise.resolve(stored)),
      onError: (error) => errors.push(error),
    });
    await expect(send(port, message())).rejects.toMatchObject({ responseCode: 451 });
    expect(errors.map((e) => e.message)).toEqual(['database down']);
    fail = false;
    expect((await send(port, message())).response).toMatch(/^250 /);
  });

  it('answers a refusal with its own code, and a duplicate with 250', async () => {
    let outcome: SinkOutcome = {
      status: 'refused',
      code: 554,
      message: '5.6.0 Message could not be read',
    };
    const { port } = await startReceiver({ sink: () => Promise.resolve(outcome) });
    await expect(send(port, message())).rejects.toMatchObject({ responseCode: 554 });
    outcome = { status: 'duplicate' };
    expect((await send(port, message())).response).toMatch(/^250 /);
  });

  it('answers 552 over the hard cap and never hands the message on', async () => {
    const received: ReceivedMail[] = [];
    const { port } = await startReceiver({
      maxBytes: 100_000,
      sink: (mail) => (received.push(mail), Promise.resolve(stored)),
    });
    const big = message('x'.repeat(76).concat('\r\n').repeat(2000));
    await expect(send(port, big)).rejects.toMatchObject({ responseCode: 552 });
    expect(received).toEqual([]);
    // The connection stays usable for a mail that fits.
    await expect(send(port, message())).resolves.toBeDefined();
  });

  it('hands a bounce on with a null reverse-path', async () => {
    const received: ReceivedMail[] = [];
    const { port } = await startReceiver({
      sink: (mail) => (received.push(mail), Promise.resolve(stored)),
    });
    await send(port, message(), { from: '', to: [SUPPORT] });
    expect(received[0]?.origin).toMatchObject({ envelopeFrom: null });
  });

  it('spills a large message to a file nobody can open by name, and hands it on whole', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'smtp-spill-'));
    try {
      const seen: string[][] = [];
      let raw = Buffer.alloc(0);
      const { port } = await startReceiver({
        spillThreshold: 10_000,
        tempDirectory: directory,
        sink: async (mail) => {
          seen.push(await readdir(directory));
          raw = Buffer.from(mail.raw);
          return stored;
        },
      });
      const body = '가나다라마바사아자차카타파하 '.repeat(5).concat('\r\n').repeat(1000);
      await send(port, message(body));
      expect(seen).toEqual([[]]);
      expect(raw.toString('utf8')).toContain(body);
      expect(await readdir(directory)).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('requires AUTH when configured, and refuses a wrong password', async () => {
    const received: ReceivedMail[] = [];
    const { port } = await startReceiver({
      auth: (user, password) => user === 'relay' && password === 'relay-secret',
      sink: (mail) => (received.push(mail), Promise.resolve(stored)),
    });
    await expect(send(port, message())).rejects.toMatchObject({ responseCode: 530 });
    await expect(
      send(port, message(), undefined, { auth: { user: 'relay', pass: 'wrong' } }),
    ).rejects.toMatchObject({
      responseCode: 535,
    });
    await send(port, message(), undefined, { auth: { user: 'relay', pass: 'relay-secret' } });
    expect(received).toHaveLength(1);
  });

  describe('with a certificate', () => {
    let tls: { key: Buffer; cert: Buffer };
    beforeAll(async () => {
      const directory = await mkdtemp(join(tmpdir(), 'smtp-cert-'));
      execFileSync(
        'openssl',
        [
          ...[
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=localhost',
          ],
          ...['-keyout', join(directory, 'key.pem'), '-out', join(directory, 'cert.pem')],
        ],
        { stdio: 'ignore' },
      );
      tls = {
        key: await readFile(join(directory, 'key.pem')),
        cert: await readFile(join(directory, 'cert.pem')),
      };
      await rm(directory, { recursive: true, force: true });
    });

    it('offers STARTTLS and takes mail over it', async () => {
      const { port } = await startReceiver({ tls });
      const info = await send(port, message(), undefined, {
        ignoreTLS: false,
        requireTLS: true,
        tls: { rejectUnauthorized: false },
      });
      expect(info.response).toMatch(/^250 /);
    });
  });

  it('stops after the mail in flight reached the sink', async () => {
    let release: (outcome: SinkOutcome) => void = () => {};
    let entered = false;
    const current = await startReceiver({
      sink: () => {
        entered = true;
        return new Promise((resolve) => (release = resolve));
      },
    });
    const sending = send(current.port, message());
    await expect.poll(() => entered, { timeout: 10_000 }).toBe(true);
    let stopped = false;
    const stopping = current.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release(stored);
    await stopping;
    await expect(sending).resolves.toBeDefined();
    receiver = undefined;
  });

  it('hands nothing on when the client drops in the middle of a message, and stops at once', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'smtp-drop-'));
    const received: ReceivedMail[] = [];
    const current = await startReceiver({
      spillThreshold: 10,
      tempDirectory: directory,
      sink: (mail) => (received.push(mail), Promise.resolve(stored)),
    });
    const socket = createConnection(current.port, '127.0.0.1');
    const commands = [
      'EHLO client.example',
      'MAIL FROM:<kim@example.kr>',
      `RCPT TO:<${SUPPORT}>`,
      'DATA',
    ];
    const dropped = new Promise<void>((resolve) => {
      socket.on('data', (data: Buffer) => {
        const command = commands.shift();
        if (command !== undefined) socket.write(`${command}\r\n`);
        else if (data.toString().startsWith('354')) {
          socket.write(
            'Subject: half\r\n\r\nthe first half of a message, and then nothing\r\n',
            () => {
              socket.destroy();
              resolve();
            },
          );
        }
      });
    });
    await dropped;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const began = Date.now();
    await current.stop();
    receiver = undefined;
    expect(Date.now() - began).toBeLessThan(1000);
    expect(received).toEqual([]);
    expect(await readdir(directory)).toEqual([]);
    await rm(directory, { recursive: true, force: true });
  });
});
