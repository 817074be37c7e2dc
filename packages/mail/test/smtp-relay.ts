import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a free port standing in for the relay: each DATA is answered with the
 * next code of `answers` (then 250, naming `queuedAs` as the relay's id when given, or with the
 * text `accepted` after the 250, as a real relay words it) after `delayMs`; accepted mails are
 * kept raw.
 */
export async function startSmtpRelay(
  answers: number[] = [],
  {
    delayMs = 0,
    queuedAs,
    accepted,
  }: { delayMs?: number; queuedAs?: string; accepted?: string } = {},
) {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = answers.shift() ?? 250;
        setTimeout(() => {
          if (code === 250) {
            received.push(Buffer.concat(chunks).toString('utf8'));
            return callback(
              null,
              accepted ?? (queuedAs ? `Ok queued as <${queuedAs}>` : 'Ok queued'),
            );
          }
          const text = code < 500 ? 'Greylisted, try again later' : 'No such user here';
          callback(Object.assign(new Error(text), { responseCode: code }));
        }, delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    /** Raw mails that carry this Message-ID. */
    withId: (messageId: string) =>
      received.filter((raw) => raw.includes(`Message-ID: <${messageId}>`)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
