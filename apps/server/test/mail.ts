import type { MailAddress, MailOrigin, ParsedMail } from '@sangdam/mail';
import { randomUUID } from 'node:crypto';

/** A received mail as the parser hands it to the sink (our own type: tests build it directly). */
export function parsedMail(fields: Partial<ParsedMail> = {}): ParsedMail {
  return {
    messageId: `${randomUUID()}@mail.customer.example`,
    inReplyTo: [],
    references: [],
    from: { address: 'hana@example.com', name: 'Hana Kim' },
    replyTo: [],
    to: [{ address: 'support@sangdam.local', name: 'Sangdam Support' }],
    cc: [],
    subject: 'Order 1042 has not arrived',
    date: new Date(),
    text: 'Hello, my order 1042 has not arrived yet.',
    html: undefined,
    attachments: [],
    kind: 'personal',
    reportsOn: undefined,
    size: 1200,
    ...fields,
  };
}

export const fromAddress = (address: string, name = ''): MailAddress => ({ address, name });

/** Delivered over SMTP to the demo organisation's support address. */
export const smtpOrigin = (recipients = ['support@sangdam.local']): MailOrigin => ({
  kind: 'smtp',
  envelopeFrom: 'hana@example.com',
  recipients,
  remoteAddress: '127.0.0.1',
});
