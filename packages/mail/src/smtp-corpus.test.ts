import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corporaDir } from '../test/corpora.ts';
import { parseMail } from './parse.ts';
import { redactMail } from './redact-mail.ts';
import { createSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';
import type { ParsedMail } from './types.ts';

// The shared MIME corpus (stalwartlabs/mail-parser's test mails, 23 of them malformed) through
// the real receiver with a sink that parses and redacts as the server does: every message is
// stored readable or refused with a clear code, never a crash or a hang.
const corpora = corporaDir();
const SUPPORT = 'support@shop.example';

interface CorpusMail {
  name: string;
  raw: Buffer;
  wellFormed: boolean;
  subject: string | undefined;
  /** Words of the reference parser's body text (its own U+FFFD for broken bytes left out). */
  words: string[];
}

interface Reference {
  text_body: number[];
  parts: { headers: { name: string; value: { Text?: string } }[]; body: { Text?: string } }[];
}

function reference(jsonPath: string): Pick<CorpusMail, 'subject' | 'words'> {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as Reference;
  const texts = json.text_body.map((index) => json.parts[index]?.body.Text ?? '');
  return {
    subject: json.parts[0]?.headers.find((header) => header.name === 'subject')?.value.Text,
    words: texts.flatMap((text) => text.split(/[\s\ufffd]+/)).filter((word) => word.length >= 3),
  };
}

function corpus(dir: string): CorpusMail[] {
  return ['rfc', 'thirdparty', 'malformed'].flatMap((folder) =>
    readdirSync(join(dir, 'mime', folder))
      .filter((file) => file.endsWith('.eml'))
      .sort()
      .map((file) => ({
        name: `${folder}/${file}`,
        raw: readFileSync(join(dir, 'mime', folder, file)),
        wellFormed: folder !== 'malformed',
        ...reference(join(dir, 'mime', folder, file.replace(/\.eml$/, '.json'))),
      })),
  );
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe.skipIf(corpora === null)(
  'the shared MIME corpus through the SMTP receiver',
  { timeout: 30_000 },
  () => {
    const mails = corpora === null ? [] : corpus(corpora);
    const stored = new Map<string, ParsedMail>();
    let receiver: SmtpReceiver;

    beforeAll(async () => {
      receiver = createSmtpReceiver({
        port: 0,
        host: '127.0.0.1',
        accepts: (recipient) => recipient === SUPPORT,
        sink: async (mail) => {
          const name =
            Buffer.from(mail.raw)
              .toString('latin1')
              .match(/^X-Corpus-Name: (\S+)/m)?.[1] ?? '';
          let parsed: ParsedMail;
          try {
            parsed = await parseMail(mail.raw, {
              envelopeFrom: mail.origin.kind === 'smtp' ? mail.origin.envelopeFrom : undefined,
            });
          } catch {
            return { status: 'refused', code: 554, message: '5.6.0 The message could not be read' };
          }
          const redacted = await redactMail(parsed, mail.raw);
          stored.set(name, redacted.mail);
          return { status: 'stored' };
        },
      });
      await receiver.start();
    });
    afterAll(() => receiver.stop());

    it('has the corpus', () => {
      expect(mails.length).toBe(53);
    });

    it.each(mails.map((mail) => [mail.name, mail] as const))(
      '%s is stored readable or refused with a code',
      async (name, mail) => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: receiver.port,
          ignoreTLS: true,
        });
        // A header of our own names the file for the sink, ahead of the mail's own headers.
        const raw = Buffer.concat([Buffer.from(`X-Corpus-Name: ${name}\r\n`), mail.raw]);
        const result = await transport
          .sendMail({ envelope: { from: 'sender@example.org', to: [SUPPORT] }, raw })
          .then(
            (info) => ({ ok: true as const, response: info.response }),
            (error: { responseCode?: number; response?: string }) => ({
              ok: false as const,
              ...error,
            }),
          );
        if (!result.ok) {
          // Refused: a clear permanent SMTP code with a text, never a dropped connection.
          expect(result.responseCode, `${name}: ${result.response}`).toBeGreaterThanOrEqual(500);
          expect(mail.wellFormed, `${name} is well-formed and was refused`).toBe(false);
          return;
        }
        const parsed = stored.get(name);
        expect(parsed, name).toBeDefined();
        if (mail.wellFormed) {
          if (mail.subject !== undefined)
            expect(squash(parsed!.subject)).toBe(squash(mail.subject));
          const text = squash(parsed!.text);
          for (const word of mail.words) expect(text, name).toContain(word);
        }
      },
    );
  },
);
