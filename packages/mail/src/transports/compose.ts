import type Mail from 'nodemailer/lib/mailer';
import type { MailAddress, OutgoingMail } from '../types.ts';

const bracketed = (id: string) => `<${id}>`;
const mailbox = (address: MailAddress): Mail.Address => ({
  name: address.name,
  address: address.address,
});

/**
 * An outgoing mail as nodemailer takes it: our Message-ID as fixed by the outbox (so a retry is
 * the same mail), In-Reply-To and References for the customer's client to thread it.
 */
export function nodemailerMessage(mail: OutgoingMail): Mail.Options {
  return {
    messageId: bracketed(mail.messageId),
    from: mailbox(mail.from),
    to: mail.to.map(mailbox),
    cc: mail.cc.map(mailbox),
    bcc: mail.bcc.map(mailbox),
    ...(mail.replyTo && { replyTo: mailbox(mail.replyTo) }),
    subject: mail.subject,
    text: mail.text,
    ...(mail.html !== undefined && { html: mail.html }),
    ...(mail.inReplyTo !== undefined && { inReplyTo: bracketed(mail.inReplyTo) }),
    ...(mail.references.length > 0 && { references: mail.references.map(bracketed) }),
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.fileName,
      contentType: attachment.contentType,
      content:
        attachment.content instanceof Uint8Array
          ? Buffer.from(attachment.content)
          : attachment.content,
      ...(attachment.contentId && { cid: attachment.contentId }),
      contentDisposition: attachment.disposition,
    })),
    // The sender's client says it is no auto-reply; loops are the receiving side's concern.
    headers: { 'Auto-Submitted': 'no' },
  };
}
