export type * from './types.ts';
export { parseMail, messageIds } from './parse.ts';
export type { ParseOptions } from './parse.ts';
export { classifyMail } from './classify.ts';
export type { ClassifyInput, Classification } from './classify.ts';
export { sanitizeMailHtml, textOfHtml } from './sanitize.ts';
export { inlineDataImages } from './inline-images.ts';
export { maskMessageId, redactHtml, redactMail } from './redact-mail.ts';
export type { RedactedMail, RedactedAttachmentNotice, RedactMailOptions } from './redact-mail.ts';
export { applySizeRule, DEFAULT_MAIL_SIZE_LIMIT } from './size-rule.ts';
export type { DroppedAttachment, SizeRuleOptions, SizeRuleResult } from './size-rule.ts';
export { screenMail } from './screen-mail.ts';
export type { MailDropNotice, ScreenedMail } from './screen-mail.ts';
export { receiveMail } from './receive.ts';
export type { ReceiveOptions, ReceiveResult } from './receive.ts';
export { MailWorkers, MailWorkerFailed } from './mail-workers.ts';
export type { MailWorkersOptions } from './mail-workers.ts';
export {
  createSmtpReceiver,
  DEFAULT_SMTP_MAX_BYTES,
  DEFAULT_SPILL_THRESHOLD,
} from './smtp-receiver.ts';
export type { SmtpReceiver, SmtpReceiverOptions } from './smtp-receiver.ts';
export { createImapSource, imapProblemOf } from './imap-source.ts';
export type { ImapCheckpoint, ImapMailbox, ImapProblem, ImapSourceOptions } from './imap-source.ts';
export * from './threading.ts';
export { smtpRelayTransport, outcomeOfError, relayMessageIdOf } from './transports/smtp-relay.ts';
export type { SmtpRelayOptions } from './transports/smtp-relay.ts';
export { demoMailboxTransport, readDemoMailbox } from './transports/demo-mailbox.ts';
