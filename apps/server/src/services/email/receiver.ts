import { createSmtpReceiver, type SmtpReceiver } from '@sangdam/mail';
import type { Deps } from '../deps.ts';
import { configuredAddress } from './addresses.ts';
import { mailSink } from './ingest.ts';

export interface MailReceiverOptions {
  port: number;
  host: string;
  /** STARTTLS is offered only with a certificate. */
  tls?: { key: Buffer; cert: Buffer };
  /** Where a message larger than the in-memory threshold waits (a nameless file). */
  tempDirectory?: string;
}

/**
 * The built-in SMTP receiver (role `smtp`, R-EM-1): takes mail for the organisation's configured
 * addresses (with any `+tag`, as our replies' Reply-To carries one), refuses others with 550, and
 * answers 250 only once the mail is stored.
 */
export function createMailReceiver(deps: Deps, options: MailReceiverOptions): SmtpReceiver {
  return createSmtpReceiver({
    port: options.port,
    host: options.host,
    tls: options.tls,
    tempDirectory: options.tempDirectory,
    accepts: async (recipient) => (await configuredAddress(deps, [recipient])) !== undefined,
    sink: mailSink(deps),
    onError: (error) => deps.log.warn({ err: error }, 'SMTP receiver'),
  });
}
