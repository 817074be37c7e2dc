import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { SpillBuffer } from './spill-buffer.ts';
import type { MailSink, MailSource } from './types.ts';

/** The hard cap of the receiver: well above the 25 MB rule, which drops attachments instead. */
export const DEFAULT_SMTP_MAX_BYTES = 64 * 1024 * 1024;
/** Past this, a message being received waits in a nameless temporary file instead of memory. */
export const DEFAULT_SPILL_THRESHOLD = 4 * 1024 * 1024;

export interface SmtpReceiverOptions {
  port: number;
  host?: string;
  /** The name in the greeting and EHLO answer. */
  name?: string;
  /** Whether a recipient (lower-cased) is one of the organisation's addresses; others get 550. */
  accepts: (recipient: string) => boolean | Promise<boolean>;
  sink: MailSink;
  /** Largest message accepted at all, in bytes (552 over it). */
  maxBytes?: number;
  spillThreshold?: number;
  /** Where spilled messages wait (each unlinked as soon as it is opened). */
  tempDirectory?: string;
  /** STARTTLS is offered only when a certificate is configured. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /**
   * When set, senders must authenticate (a relaying MTA in front of Sangdam). Without `tls` the
   * password travels in clear: use it only on a private network.
   */
  auth?: (username: string, password: string) => boolean | Promise<boolean>;
  /** How long stop() lets open connections finish before closing them (421). */
  closeTimeoutMs?: number;
  /** Told about connection and sink errors (never given the message itself). */
  onError?: (error: Error) => void;
}

export interface SmtpReceiver extends MailSource {
  /** The port it listens on (useful with port 0). */
  readonly port: number;
}

/** An Error that smtp-server answers with its code. */
function reply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

async function drain(
  stream: SMTPServerDataStream,
  buffer: SpillBuffer,
  maxBytes: number,
): Promise<boolean> {
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Over the cap: keep reading (the client must reach the end of DATA to hear 552), store nothing.
    if (stream.sizeExceeded || buffer.size + chunk.length > maxBytes) continue;
    await buffer.write(chunk);
  }
  return !stream.sizeExceeded && stream.byteLength <= maxBytes;
}

/**
 * The built-in SMTP receiver. It answers 250 only after the sink resolved (the mail parsed,
 * redacted and committed by the server); a sink that fails makes the client retry (451), so a
 * mail is never acknowledged and then lost.
 */
export function createSmtpReceiver(options: SmtpReceiverOptions): SmtpReceiver {
  const maxBytes = options.maxBytes ?? DEFAULT_SMTP_MAX_BYTES;
  const spillThreshold = options.spillThreshold ?? DEFAULT_SPILL_THRESHOLD;
  const inFlight = new Set<Promise<void>>();
  const onError = options.onError ?? (() => {});

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const buffer = new SpillBuffer(spillThreshold, options.tempDirectory);
    try {
      if (!(await drain(stream, buffer, maxBytes))) {
        throw reply(552, `5.3.4 Message too big: at most ${maxBytes} bytes`);
      }
      const mailFrom = session.envelope.mailFrom;
      const outcome = await options
        .sink({
          origin: {
            kind: 'smtp',
            envelopeFrom: mailFrom === false || mailFrom.address === '' ? null : mailFrom.address,
            recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            remoteAddress: session.remoteAddress,
          },
          raw: await buffer.read(),
        })
        .catch((error: unknown) => {
          onError(error instanceof Error ? error : new Error(String(error)));
          throw reply(451, '4.3.0 Temporary failure, please try again later');
        });
      if (outcome.status === 'refused') throw reply(outcome.code, outcome.message);
    } finally {
      await buffer.discard();
    }
  }

  const server = new SMTPServer({
    name: options.name,
    banner: 'Sangdam',
    size: maxBytes,
    logger: false,
    disableReverseLookup: true,
    closeTimeout: options.closeTimeoutMs ?? 10_000,
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
    authOptional: options.auth === undefined,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: options.tls === undefined,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    onAuth(auth, _session, callback) {
      Promise.resolve(options.auth?.(auth.username ?? '', auth.password ?? '') ?? false).then(
        (ok) =>
          ok
            ? callback(null, { user: auth.username })
            : callback(reply(535, '5.7.8 Authentication failed')),
        () => callback(reply(454, '4.7.0 Temporary authentication failure')),
      );
    },
    onRcptTo(address, _session, callback) {
      Promise.resolve(options.accepts(address.address.toLowerCase())).then(
        (ok) => callback(ok ? null : reply(550, '5.1.1 No such recipient here')),
        (error: unknown) => {
          onError(error instanceof Error ? error : new Error(String(error)));
          callback(reply(451, '4.3.0 Temporary failure, please try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      // Settles once the client has its answer; stop() waits for every one in flight.
      const work: Promise<void> = receive(stream, session)
        .then(
          () => callback(null, '2.0.0 Message accepted'),
          (error: unknown) => {
            if (error instanceof Error && 'responseCode' in error) return callback(error);
            onError(error instanceof Error ? error : new Error(String(error)));
            callback(reply(451, '4.3.0 Temporary failure, please try again later'));
          },
        )
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },
  });
  server.on('error', (error) => onError(error));

  return {
    get port() {
      return (server.server.address() as AddressInfo | null)?.port ?? options.port;
    },
    start() {
      return new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(options.port, options.host ?? '0.0.0.0', () => {
          server.server.off('error', reject);
          resolve();
        });
      });
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(resolve));
      await Promise.allSettled([...inFlight]);
      await closed;
    },
  };
}
