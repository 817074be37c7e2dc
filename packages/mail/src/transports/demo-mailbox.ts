import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingMail, SendOutcome } from '../types.ts';
import { nodemailerMessage } from './compose.ts';

/**
 * The demo's outgoing mail without a relay: each mail is written whole (RFC 5322, as a relay
 * would get it) into a folder, where the demo page reads the answers. Files are written under a
 * temporary name and renamed, so a reader never sees half a mail.
 */
export function demoMailboxTransport(folder: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  let ready: Promise<unknown> | null = null;
  return {
    async send(mail: OutgoingMail): Promise<SendOutcome> {
      ready ??= mkdir(folder, { recursive: true });
      await ready;
      const info = (await composer.sendMail(nodemailerMessage(mail))) as { message: Buffer };
      const name = `${Date.now()}-${safeName(mail.messageId)}.eml`;
      const temporary = join(folder, `.${name}.tmp`);
      await writeFile(temporary, info.message);
      await rename(temporary, join(folder, name));
      return {
        status: 'sent',
        response: `250 stored in the demo mailbox as ${name}`,
        relayMessageId: undefined,
      };
    },
    close: () => Promise.resolve(),
  };
}

/** The demo mailbox's mails, oldest first, raw. */
export async function readDemoMailbox(folder: string): Promise<{ name: string; raw: Buffer }[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.eml')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(
    names.map(async (name) => ({ name, raw: await readFile(join(folder, name)) })),
  );
}

const safeName = (messageId: string) => messageId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
