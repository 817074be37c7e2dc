import type {
  DemoEmailAnswer,
  DemoEmailAnswersBody,
  DemoEmailSendBody,
  DemoEmailSendResponse,
} from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { parseMail, readDemoMailbox, smtpRelayTransport, type MailTransport } from '@sangdam/mail';
import { listEmailAddresses } from '@sangdam/store';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.ts';

/** The organisation's addresses the demo page offers to write to. */
export async function demoEmailAddresses(deps: Deps): Promise<string[]> {
  return (await listEmailAddresses(deps.db)).map((row) => row.address).sort();
}

/**
 * The demo page's customer mail, sent over real SMTP to this node's own receiver (plain SMTP on
 * the loopback: the mail goes through the whole inbound path, 250 only once it is stored).
 */
export class DemoMailer {
  private transport: { port: number; transport: MailTransport } | null = null;

  constructor(private readonly smtpPort: () => number | null) {}

  async send(body: DemoEmailSendBody): Promise<DemoEmailSendResponse> {
    const transport = this.transportFor(this.smtpPort());
    const messageId = `${randomUUID()}@demo.sangdam.local`;
    const outcome = await transport.send({
      messageId,
      from: { name: body.name, address: body.email },
      to: [{ name: '', address: body.to }],
      cc: [],
      bcc: [],
      replyTo: undefined,
      subject: body.subject,
      text: body.text,
      html: undefined,
      inReplyTo: undefined,
      references: [],
      attachments: [],
    });
    if (outcome.status === 'failed') {
      throw new AppError(
        'DEMO_MAIL_REFUSED',
        `The support address refused the mail: ${outcome.response}`,
      );
    }
    if (outcome.status === 'retry') {
      throw new AppError(
        'DEMO_MAIL_UNAVAILABLE',
        `The mail receiver did not take the mail now: ${outcome.response}`,
      );
    }
    return { messageId };
  }

  async close() {
    await this.transport?.transport.close();
    this.transport = null;
  }

  private transportFor(port: number | null): MailTransport {
    if (port === null) {
      throw new AppError('DEMO_MAIL_UNAVAILABLE', 'The SMTP receiver of this node is not running');
    }
    if (this.transport?.port !== port) {
      void this.transport?.transport.close();
      this.transport = {
        port,
        // Loopback to ourselves: no STARTTLS (a configured certificate names the public host).
        transport: smtpRelayTransport({
          url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
          maxConnections: 2,
          timeoutMs: 30_000,
        }),
      };
    }
    return this.transport.transport;
  }
}

/** The demo mailbox holds at most this many recent mails to look through per request. */
const newestMails = 500;

/**
 * The answers in the demo mailbox to `email` that answer one of the mails the page sent
 * (In-Reply-To or References), oldest first.
 */
export async function demoEmailAnswers(
  folder: string,
  query: DemoEmailAnswersBody,
): Promise<DemoEmailAnswer[]> {
  const asked = new Set(query.messageIds);
  const answers: DemoEmailAnswer[] = [];
  for (const { raw } of (await readDemoMailbox(folder)).slice(-newestMails)) {
    const mail = await parseMail(raw);
    if (!mail.to.some((to) => to.address.toLowerCase() === query.email)) continue;
    const answered = [...mail.inReplyTo, ...mail.references.toReversed()].find((id) =>
      asked.has(id),
    );
    if (answered === undefined || mail.messageId === undefined) continue;
    answers.push({
      messageId: mail.messageId,
      answers: answered,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      fromName: mail.from?.name || mail.from?.address || '',
      subject: mail.subject,
      text: mail.text,
      date: (mail.date ?? new Date(0)).toISOString(),
      files: mail.attachments
        .filter((file) => file.disposition === 'attachment')
        .map((file) => ({ name: file.fileName, size: file.content.byteLength })),
    });
  }
  return answers;
}
