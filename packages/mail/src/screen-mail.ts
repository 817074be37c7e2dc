import { redactText, summarizeFindings } from '@sangdam/pci';
import { redactMail, type RedactMailOptions } from './redact-mail.ts';
import { applySizeRule, type SizeRuleOptions } from './size-rule.ts';
import type { ParsedMail } from './types.ts';

/** A file of a received mail that was not kept, and why, for the agent to be told. */
export interface MailDropNotice {
  /** The file's name with its card data masked. */
  name: string;
  /** Decoded size in bytes. */
  size: number;
  reason: 'too-large' | 'attachments-off' | 'card-data' | 'unreadable';
}

/** A received mail made fit to store: the one form of it the server keeps. */
export interface ScreenedMail {
  /** Redacted: subject, text, HTML, display names and kept files' names masked; files scanned. */
  mail: ParsedMail;
  /** The raw message for "View original", rebuilt from the redacted parts. */
  raw: Uint8Array;
  /** The scan's verdict of each kept attachment, in `mail.attachments` order. */
  verdicts: ('clean' | 'unreadable')[];
  /** What the size rule and the PCI scan dropped, in that order. */
  dropped: MailDropNotice[];
  /** How many of each kind of secret were masked (kinds never seen are left out); null: none. */
  findings: Record<string, number> | null;
}

/**
 * Everything that happens to a received mail between parsing and storing, in one place so no
 * source can skip a step: the §7 size rule with the channel's attachment policy (attachments
 * dropped largest first; attachments off → all), then R-PCI-4's redaction, which scans subject,
 * text, HTML, headers and each remaining attachment once (files it cannot read kept or dropped
 * per the channel's PCI policy, `pci`). Pure: no I/O.
 *
 * `raw` is the message as received (its headers are carried into the rebuilt original);
 * without it the rebuilt original has only the headers the parsed mail knows.
 */
export async function screenMail(
  parsed: ParsedMail,
  raw: Uint8Array | undefined,
  sizeRule: SizeRuleOptions,
  pci: RedactMailOptions,
): Promise<ScreenedMail> {
  const sized = applySizeRule(parsed, sizeRule);
  const redacted = await redactMail(sized.mail, raw ?? new Uint8Array(), pci);
  const counts: Record<string, number> = { ...redacted.findings };
  const dropped: MailDropNotice[] = [];
  for (const file of sized.dropped) {
    // Never scanned (its content is not kept), but its name is stored and shown.
    const name = redactText(file.fileName);
    for (const [type, count] of Object.entries(summarizeFindings(name.findings))) {
      counts[type] = (counts[type] ?? 0) + count;
    }
    dropped.push({ name: name.text, size: file.size, reason: file.reason });
  }
  for (const file of redacted.dropped) {
    dropped.push({ name: file.fileName, size: file.size, reason: file.reason });
  }
  const findings = Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
  return {
    mail: redacted.mail,
    raw: redacted.raw,
    verdicts: redacted.verdicts,
    dropped,
    findings: Object.keys(findings).length > 0 ? findings : null,
  };
}
