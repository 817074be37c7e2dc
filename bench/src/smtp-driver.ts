// The email benchmark's SMTP client, run as a process of its own (bench/src/email.bench.ts starts
// it) so that building and sending mail does not share the receiver's event loop. Speaks SMTP on
// plain sockets (no MIME library on the hot path): EHLO once per connection, then per mail MAIL
// FROM, RCPT TO, DATA and the message; times each transaction from DATA to the final reply.
// Arguments: one JSON object (see DriverJob); prints one JSON line (DriverResult).
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface DriverJob {
  port: number;
  /** Connections sending at once. */
  connections: number;
  /** 'max': as fast as the receiver answers; 'paced': `rate` mails/s in total. */
  mode: 'max' | 'paced' | 'one-large';
  seconds: number;
  rate?: number;
  /** For 'one-large': the size of the raw message in bytes. */
  largeBytes?: number;
  /** Distinguishes Message-IDs between runs against one database. */
  run: string;
}

export interface DriverResult {
  sent: number;
  accepted: number;
  /** Replies other than 250, by code. */
  other: Record<string, number>;
  seconds: number;
  /** DATA → final reply of each accepted mail, ms, sorted. */
  transactionMs: number[];
  /** Paced: how far behind its schedule a mail began, worst case, ms. */
  worstLateStartMs: number;
  bytes: number;
}

const CRLF = '\r\n';

/** One SMTP connection; commands are answered in order. */
class SmtpConnection {
  private buffer = '';
  private pending: ((reply: { code: number; text: string }) => void)[] = [];
  private lines: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk.toString('latin1')));
  }

  static async open(port: number): Promise<SmtpConnection> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const connection = new SmtpConnection(socket);
    await connection.expect(connection.reply(), 220);
    await connection.expect(connection.command('EHLO bench.example'), 250);
    return connection;
  }

  private onData(text: string) {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf(CRLF)) >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.lines.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), text: this.lines.join('\n') };
        this.lines = [];
        this.pending.shift()?.(reply);
      }
    }
  }

  reply(): Promise<{ code: number; text: string }> {
    return new Promise((resolve) => this.pending.push(resolve));
  }

  command(line: string): Promise<{ code: number; text: string }> {
    const answer = this.reply();
    this.socket.write(line + CRLF);
    return answer;
  }

  async expect(reply: Promise<{ code: number; text: string }>, code: number) {
    const got = await reply;
    if (got.code !== code) throw new Error(`expected ${code}, got ${got.text}`);
  }

  /** One mail; resolves with the final reply and the ms from DATA to it. */
  async send(from: string, to: string, message: Buffer[]): Promise<{ code: number; ms: number }> {
    const mailFrom = await this.command(`MAIL FROM:<${from}>`);
    if (mailFrom.code !== 250) return { code: mailFrom.code, ms: 0 };
    const rcpt = await this.command(`RCPT TO:<${to}>`);
    if (rcpt.code !== 250) return { code: rcpt.code, ms: 0 };
    const began = performance.now();
    const data = await this.command('DATA');
    if (data.code !== 354) return { code: data.code, ms: 0 };
    const final = this.reply();
    for (const part of message) {
      if (!this.socket.write(part)) {
        await new Promise((resolve) => this.socket.once('drain', resolve));
      }
    }
    this.socket.write(`${CRLF}.${CRLF}`);
    const { code } = await final;
    return { code, ms: performance.now() - began };
  }

  close() {
    this.socket.end('QUIT\r\n');
  }
}

/** Base64 in 76-character lines, as mail clients write it. */
function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

const korean =
  '안녕하세요, 지난주 주문한 상품(주문번호 1042)이 아직 도착하지 않았습니다. 배송 조회를 부탁드립니다.';
const english =
  'Hello, the order I placed last week (order 1042) has not arrived yet. Could you check where it is?';

/** The body of each kind of mail in the mix (headers after From/Message-ID; dot-stuffed). */
function mixBodies(): { weight: number; body: Buffer }[] {
  const text = `${korean}\r\n\r\n${english}\r\n\r\n-- \r\nHana Kim\r\n`;
  const plain = [
    'To: Support <support@sangdam.local>',
    'Subject: =?UTF-8?B?' + Buffer.from('배송 문의 — order 1042').toString('base64') + '?=',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text.repeat(3),
  ].join(CRLF);
  const html = (boundary: string) =>
    [
      `--${boundary}`,
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      `--${boundary}`,
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      `<html><body><p style="font-family:Arial">${korean}</p><table border="1" style="border-collapse:collapse">` +
        '<tr><th>Item</th><th>Qty</th><th>Price</th></tr>'.concat(
          ...Array.from(
            { length: 20 },
            (_, i) => `<tr><td>Item ${i}</td><td>${i + 1}</td><td>${(i + 1) * 1200} KRW</td></tr>`,
          ),
        ) +
        `</table><p>${english}</p><blockquote>On Monday, support wrote: …</blockquote></body></html>`,
      `--${boundary}--`,
    ].join(CRLF);
  const htmlMail = [
    'To: Support <support@sangdam.local>',
    'Subject: Re: [#abc123] Where is my order?',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt-1"',
    '',
    html('alt-1'),
  ].join(CRLF);
  const withAttachment = (name: string, type: string, bytes: Buffer) =>
    [
      'To: Support <support@sangdam.local>',
      `Subject: Invoice and photo (${name})`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mixed-1"',
      '',
      '--mixed-1',
      'Content-Type: multipart/alternative; boundary="alt-1"',
      '',
      html('alt-1'),
      '--mixed-1',
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(bytes),
      '--mixed-1--',
    ].join(CRLF);
  const csv = Buffer.from(
    'order,item,qty,price\r\n'.concat(
      ...Array.from(
        { length: 3000 },
        (_, i) => `${1000 + i},Item ${i % 50},${i % 7},${i * 10}\r\n`,
      ),
    ),
  );
  const stuff = (message: string) => Buffer.from(message.replace(/^\./gm, '..'), 'utf8');
  return [
    { weight: 50, body: stuff(plain) },
    { weight: 34, body: stuff(htmlMail) },
    { weight: 12, body: stuff(withAttachment('orders.csv', 'text/csv', csv)) },
    { weight: 3, body: stuff(withAttachment('photo.jpg', 'image/jpeg', randomBytes(500_000))) },
    { weight: 1, body: stuff(withAttachment('scan.jpg', 'image/jpeg', randomBytes(5_000_000))) },
  ];
}

function headOf(run: string, n: number): Buffer {
  return Buffer.from(
    `From: Customer ${n} <c${n}.${run}@bench.example>\r\n` +
      `Message-ID: <bench-${run}-${n}@bench.example>\r\n` +
      `Date: ${new Date().toUTCString()}\r\n`,
  );
}

async function main(job: DriverJob): Promise<DriverResult> {
  const mix = mixBodies();
  const deck: Buffer[] = mix.flatMap(({ weight, body }) => Array<Buffer>(weight).fill(body));
  // A fixed shuffle: every run sends the same sequence.
  for (let i = deck.length - 1, seed = 7; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [deck[i], deck[j]] = [deck[j]!, deck[i]!];
  }
  const result: DriverResult = {
    sent: 0,
    accepted: 0,
    other: {},
    seconds: 0,
    transactionMs: [],
    worstLateStartMs: 0,
    bytes: 0,
  };
  const connections = await Promise.all(
    Array.from({ length: job.mode === 'one-large' ? 1 : job.connections }, () =>
      SmtpConnection.open(job.port),
    ),
  );
  const record = (outcome: { code: number; ms: number }, bytes: number) => {
    result.sent++;
    result.bytes += bytes;
    if (outcome.code === 250) {
      result.accepted++;
      result.transactionMs.push(outcome.ms);
    } else result.other[outcome.code] = (result.other[outcome.code] ?? 0) + 1;
  };
  let n = 0;
  const sendOne = async (connection: SmtpConnection, body: Buffer) => {
    const i = n++;
    const head = headOf(job.run, i);
    record(
      await connection.send(`c${i}.${job.run}@bench.example`, 'support@sangdam.local', [
        head,
        body,
      ]),
      head.length + body.length,
    );
  };
  const began = performance.now();
  const until = began + job.seconds * 1000;

  if (job.mode === 'one-large') {
    const bytes = Buffer.from(
      base64Lines(randomBytes(Math.floor(((job.largeBytes ?? 30e6) * 3) / 4 / 1.03))),
    );
    const body = Buffer.concat([
      Buffer.from(
        'To: support@sangdam.local\r\nSubject: A very large mail\r\nMIME-Version: 1.0\r\n' +
          'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n' +
          `${english}\r\n--b\r\nContent-Type: image/jpeg; name="big.jpg"\r\n` +
          'Content-Transfer-Encoding: base64\r\n\r\n',
      ),
      bytes,
      Buffer.from('\r\n--b--'),
    ]);
    await sendOne(connections[0]!, body);
  } else if (job.mode === 'max') {
    await Promise.all(
      connections.map(async (connection) => {
        while (performance.now() < until) await sendOne(connection, deck[n % deck.length]!);
      }),
    );
  } else {
    const interval = 1000 / job.rate!;
    const idle = [...connections];
    const waiting: (() => void)[] = [];
    const inFlight: Promise<void>[] = [];
    for (let i = 0; ; i++) {
      const due = began + i * interval;
      if (due >= until) break;
      const now = performance.now();
      if (due > now) await new Promise((resolve) => setTimeout(resolve, due - now));
      if (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      result.worstLateStartMs = Math.max(result.worstLateStartMs, performance.now() - due);
      const connection = idle.pop()!;
      inFlight.push(
        sendOne(connection, deck[i % deck.length]!).finally(() => {
          idle.push(connection);
          waiting.shift()?.();
        }),
      );
    }
    await Promise.all(inFlight);
  }
  result.seconds = (performance.now() - began) / 1000;
  for (const connection of connections) connection.close();
  result.transactionMs.sort((a, b) => a - b);
  return result;
}

const job = JSON.parse(process.argv[2] ?? '{}') as DriverJob;
process.stdout.write(`${JSON.stringify(await main(job))}\n`);
