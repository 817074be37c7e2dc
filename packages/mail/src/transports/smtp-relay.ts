import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingMail, SendOutcome } from '../types.ts';
import { nodemailerMessage } from './compose.ts';

export interface SmtpRelayOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  url: string;
  /** Connections kept open to the relay (a pool, so the outbox does not reconnect per mail). */
  maxConnections?: number;
  /** Longest a connection, a greeting or a silent socket may take, in ms. */
  timeoutMs?: number;
}

/** A relay's answer to a mail that was not taken: its reply code, or none for a network error. */
interface SmtpError {
  responseCode?: number;
  response?: string;
  code?: string;
  message?: string;
}

/**
 * What one failed attempt comes to: 5xx is the relay's final no (failed, never retried); 4xx and
 * everything without a reply code (refused connection, timeout, TLS, a dropped socket) is
 * temporary (retry later).
 */
export function outcomeOfError(error: unknown): SendOutcome {
  const smtp = (error ?? {}) as SmtpError;
  const response = smtp.response ?? [smtp.code, smtp.message].filter(Boolean).join(': ');
  if (typeof smtp.responseCode === 'number' && smtp.responseCode >= 500) {
    return { status: 'failed', response: response || String(smtp.responseCode) };
  }
  return { status: 'retry', response: response || 'unknown error' };
}

/** The id a relay says it gave the mail, when its 250 names one in angle brackets. */
export function relayMessageIdOf(response: string, ours: string): string | undefined {
  const named = /<([^<>\s@]+@[^<>\s@]+)>/.exec(response)?.[1];
  return named && named !== ours ? named : undefined;
}

/** Sends through the configured SMTP relay (nodemailer). */
export function smtpRelayTransport(options: SmtpRelayOptions): MailTransport {
  const timeout = options.timeoutMs ?? 60_000;
  const transporter = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(mail: OutgoingMail): Promise<SendOutcome> {
      try {
        const info = (await transporter.sendMail(nodemailerMessage(mail))) as {
          response: string;
          rejected: unknown[];
        };
        return {
          status: 'sent',
          response: info.response,
          relayMessageId: relayMessageIdOf(info.response, mail.messageId),
        };
      } catch (error) {
        return outcomeOfError(error);
      }
    },
    close() {
      transporter.close();
      return Promise.resolve();
    },
  };
}
