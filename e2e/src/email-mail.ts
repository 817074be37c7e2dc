import { mailSink } from '@sangdam/server/src/services/email/ingest.ts';
import type { Sangdam } from '@sangdam/server/src/app.ts';
import { expect } from 'vitest';

export interface RawMailOptions {
  from: { name: string; address: string };
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  /** Files after the body; one with a `contentId` is an image the HTML shows by `cid:`. */
  files?: { name: string; type: string; content: Buffer; contentId?: string }[];
}

const base64Lines = (text: string) =>
  Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

/** A customer's mail as a mail client writes it: text, and HTML as the alternative when given. */
export function rawMail(options: RawMailOptions): Uint8Array {
  const messageId = options.messageId ?? `${crypto.randomUUID()}@mail.customer.example`;
  const headers = [
    `From: ${options.from.name} <${options.from.address}>`,
    'To: support@sangdam.local',
    `Subject: ${options.subject}`,
    `Message-ID: <${messageId}>`,
    ...(options.inReplyTo
      ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`]
      : []),
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
  ];
  const part = (type: string, body: string) =>
    [
      `Content-Type: ${type}; charset=utf-8`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(body),
    ].join('\r\n');
  const text =
    options.html === undefined
      ? part('text/plain', options.text)
      : [
          'Content-Type: multipart/alternative; boundary="sd-boundary"',
          '',
          '--sd-boundary',
          part('text/plain', options.text),
          '--sd-boundary',
          part('text/html', options.html),
          '--sd-boundary--',
        ].join('\r\n');
  const files = options.files ?? [];
  const body =
    files.length === 0
      ? text
      : [
          'Content-Type: multipart/mixed; boundary="sd-mixed"',
          '',
          '--sd-mixed',
          text,
          ...files.flatMap((file) => [
            '--sd-mixed',
            `Content-Type: ${file.type}; name="${file.name}"`,
            'Content-Transfer-Encoding: base64',
            file.contentId
              ? `Content-Disposition: inline; filename="${file.name}"\r\nContent-ID: <${file.contentId}>`
              : `Content-Disposition: attachment; filename="${file.name}"`,
            '',
            file.content.toString('base64').replace(/.{76}/g, '$&\r\n'),
          ]),
          '--sd-mixed--',
        ].join('\r\n');
  const mail = [...headers, body];
  return new TextEncoder().encode(`${mail.join('\r\n')}\r\n`);
}

/** Hands a raw mail to Sangdam's mail sink as the SMTP receiver would (parse, sanitise, store). */
export async function receiveMail(sangdam: Sangdam, options: RawMailOptions): Promise<void> {
  const outcome = await mailSink(sangdam.deps)({
    origin: {
      kind: 'smtp',
      envelopeFrom: options.from.address,
      recipients: ['support@sangdam.local'],
      remoteAddress: '127.0.0.1',
    },
    raw: rawMail(options),
  });
  expect(outcome).toEqual({ status: 'stored' });
}
