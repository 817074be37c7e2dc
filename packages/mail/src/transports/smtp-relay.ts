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

/**
 * Amazon SES answers `250 Ok <id>` and sends the mail with `Message-ID: <id@DOMAIN>` instead of
 * ours, DOMAIN `email.amazonses.com` in us-east-1 and `<region>.amazonses.com` elsewhere; the id
 * is 16 hex digits, a UUID and a 6-digit counter.
 */
const sesResponse =
  /^250[ -](?:\d\.\d\.\d )?Ok ([0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{6})\s*$/i;
const sesHost = /^email-smtp(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/i;

/** The domain of the Message-IDs SES gives mail sent through `relayHost`. */
function sesDomain(relayHost: string | undefined): string {
  const region = relayHost === undefined ? undefined : sesHost.exec(relayHost)?.[1]?.toLowerCase();
  return region === undefined || region === 'us-east-1'
    ? 'email.amazonses.com'
    : `${region}.amazonses.com`;
}

/**
 * The Message-ID a relay gave our mail instead of ours, from its answer to DATA, for threading
 * a customer's reply that names it: one in angle brackets (`250 Ok queued as <id@host>`), or
 * Amazon SES's own (`250 Ok 0100…-000000`, made into `<0100…-000000@email.amazonses.com>`).
 * Undefined when the relay keeps ours (it names ours, a queue id, or nothing).
 */
export function relayMessageIdOf(
  response: string,
  ours: string,
  relayHost?: string,
): string | undefined {
  const ses = sesResponse.exec(response.trim())?.[1];
  if (ses) return `${ses.toLowerCase()}@${sesDomain(relayHost)}`;
  const named = /<([^<>\s@]+@[^<>\s@]+)>/.exec(response)?.[1];
  return named && named !== ours ? named : undefined;
}

/** Sends through the configured SMTP relay (nodemailer). */
export function smtpRelayTransport(options: SmtpRelayOptions): MailTransport {
  const timeout = options.timeoutMs ?? 60_000;
  const relayHost = URL.canParse(options.url) ? new URL(options.url).hostname : undefined;
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
          relayMessageId: relayMessageIdOf(info.response, mail.messageId, relayHost),
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
