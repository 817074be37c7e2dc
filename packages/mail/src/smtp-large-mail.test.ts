import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMail } from './parse.ts';
import { redactMail } from './redact-mail.ts';
import { applySizeRule, DEFAULT_MAIL_SIZE_LIMIT } from './size-rule.ts';
import { createSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';
import type { ParsedMail } from './types.ts';

// A 30 MB mail, as a customer's client sends it, through the receiver and the sink's steps: it
// waits on disk (no name) while it arrives, and the largest attachment goes so the rest fits.
describe('a mail over 25 MB through the SMTP receiver', () => {
  const MB = 1024 * 1024;
  let receiver: SmtpReceiver;
  let directory: string;
  const results: { mail: ParsedMail; dropped: string[]; filesDuringSink: string[] }[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'smtp-large-'));
    receiver = createSmtpReceiver({
      port: 0,
      host: '127.0.0.1',
      tempDirectory: directory,
      accepts: () => true,
      sink: async (received) => {
        const filesDuringSink = await readdir(directory);
        const sized = applySizeRule(await parseMail(received.raw), { attachmentsAllowed: true });
        const redacted = await redactMail(sized.mail, received.raw);
        results.push({
          mail: redacted.mail,
          dropped: sized.dropped.map((d) => d.fileName),
          filesDuringSink,
        });
        return { status: 'stored' };
      },
    });
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('is accepted with its text, less its largest attachment', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: receiver.port,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({
      from: 'kim@example.kr',
      to: 'support@shop.example',
      subject: '도면 파일 보내드립니다',
      text: '첨부한 도면 확인 부탁드립니다.',
      attachments: [
        { filename: 'plan-a.bin', content: randomBytes(12 * MB) },
        { filename: 'plan-b.bin', content: randomBytes(9 * MB) },
        { filename: 'notes.bin', content: randomBytes(1 * MB) },
      ],
    });
    expect(info.response).toMatch(/^250 /);
    const [result] = results;
    expect(result?.mail.size).toBeLessThanOrEqual(DEFAULT_MAIL_SIZE_LIMIT);
    expect(result?.dropped).toEqual(['plan-a.bin']);
    expect(result?.mail.attachments.map((a) => a.fileName)).toEqual(['plan-b.bin', 'notes.bin']);
    expect(result?.mail.text).toContain('첨부한 도면 확인 부탁드립니다.');
    expect(result?.filesDuringSink).toEqual([]);
    expect(await readdir(directory)).toEqual([]);
  }, 60_000);
});
