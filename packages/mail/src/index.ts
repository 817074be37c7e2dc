export type * from './types.ts';
export * from './threading.ts';
export { smtpRelayTransport, outcomeOfError, relayMessageIdOf } from './transports/smtp-relay.ts';
export type { SmtpRelayOptions } from './transports/smtp-relay.ts';
export { demoMailboxTransport, readDemoMailbox } from './transports/demo-mailbox.ts';
