/**
 * PCI for received mail (R-PCI-4), before anything is stored: card data and other secrets in the
 * subject, text, HTML and headers are masked, attachments that carry them are dropped with a
 * notice, and the raw message kept for "View original" is rebuilt from the redacted parts.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import PostalMime, { decodeWords } from 'postal-mime';
import sanitizeHtml from 'sanitize-html';
import {
  redactText,
  scanAttachment,
  summarizeFindings,
  type Finding,
  type FindingType,
} from '@sangdam/pci';
import { headerBlock, repairHeaderBlock } from './header-charsets.ts';
import { textOfHtml } from './sanitize.ts';
import { normaliseMessageId } from './threading.ts';
import type { MailAddress, MailAttachment, ParsedMail } from './types.ts';

export interface RedactedAttachmentNotice {
  /** The file's name, its own card data masked. */
  fileName: string;
  /** Decoded size in bytes. */
  size: number;
  /**
   * 'card-data': it carries card or personal data; 'unreadable': the scanner could not read it
   * (an image, an archive, a damaged or encrypted document) and the policy keeps none such.
   */
  reason: 'card-data' | 'unreadable';
}

export interface RedactedMail {
  mail: ParsedMail;
  /** The message for "View original": the received headers and the redacted parts, re-encoded. */
  raw: Uint8Array;
  /** How many of each kind of secret were masked (never the secrets). */
  findings: Record<FindingType, number>;
  /** Attachments dropped for the agent to be told. */
  dropped: RedactedAttachmentNotice[];
  /**
   * The scan's verdict of each kept attachment, in `mail.attachments` order: 'unreadable' for a
   * file the scanner could not read (kept only when the policy allows such files).
   */
  verdicts: ('clean' | 'unreadable')[];
}

/** The channel's PCI policy on files the scanner cannot read (R-PCI-2a, as for chat uploads). */
export interface RedactMailOptions {
  /** Keep them (verdict 'unreadable'), else drop them with a notice. */
  allowUnscannableAttachments: boolean;
}

/** The default PCI policy's: files the scanner cannot read are kept, marked unreadable. */
const KEEP_UNREADABLE: RedactMailOptions = { allowUnscannableAttachments: true };

// Headers that describe the structure the composer rebuilds, or that it sets from the parts.
const REBUILT = new Set([
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'date',
  'in-reply-to',
  'references',
]);

const CONTEXTUAL = new Set<FindingType>(['CARD_CVV', 'CARD_EXPIRY']);

/** Redacts a text and adds its findings to the list. */
function masked(text: string, findings: Finding[]): string {
  const result = redactText(text);
  findings.push(...result.findings);
  return result.text;
}

/** Display names and addresses: a card number in a local part is masked like any other. */
function maskedAddresses(list: readonly MailAddress[], findings: Finding[]): MailAddress[] {
  return list.map((box) => ({
    ...box,
    name: masked(box.name, findings),
    address: masked(box.address, findings),
  }));
}

/**
 * A Message-ID as stored and as looked up (R-PCI-4): normalised, then its card data (and other
 * secrets) masked. Deterministic, so a reply whose References carry an id with a card number
 * in it still finds the mail stored under the masked id: every id is passed through this both
 * before it is stored and before it is looked up. Two ids that differ only in a card number's
 * hidden digits become one; a price worth paying for never keeping the number.
 */
export function maskMessageId(id: string): string {
  return redactText(normaliseMessageId(id)).text;
}

function maskedMessageId(id: string, findings: Finding[]): string {
  return masked(normaliseMessageId(id), findings);
}

/**
 * Masks the HTML's text nodes and attribute values. A number split across elements
 * (`4111 <b>1111</b> …`) escapes a per-node scan, so the page's whole text is scanned too and,
 * when it still holds a secret, the HTML is dropped (the redacted text stays).
 */
function maskedHtml(html: string | undefined, findings: Finding[]): string | undefined {
  if (html === undefined) return undefined;
  const result = sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    allowedSchemes: ['http', 'https', 'mailto', 'tel', 'cid', 'data'],
    textFilter: (text) => masked(text, findings),
    transformTags: {
      '*': (tagName, attribs) => ({
        tagName,
        attribs: Object.fromEntries(
          Object.entries(attribs).map(([k, v]) => [k, masked(v, findings)]),
        ),
      }),
    },
  });
  // Masking leaves a card's last four digits beside `****`, which reads as a CVV: the second
  // look is for whole numbers only.
  const leftover = redactText(textOfHtml(result)).findings.filter((f) => !CONTEXTUAL.has(f.type));
  if (leftover.length === 0) return result;
  findings.push(...leftover);
  return undefined;
}

async function screenAttachments(
  attachments: readonly MailAttachment[],
  findings: Finding[],
  options: RedactMailOptions,
): Promise<{
  kept: MailAttachment[];
  verdicts: ('clean' | 'unreadable')[];
  dropped: RedactedAttachmentNotice[];
}> {
  const kept: MailAttachment[] = [];
  const verdicts: ('clean' | 'unreadable')[] = [];
  const dropped: RedactedAttachmentNotice[] = [];
  for (const attachment of attachments) {
    const verdict = await scanAttachment(attachment.content, attachment.fileName);
    findings.push(...verdict.findings);
    // The name is stored, shown and rebuilt into the raw message: its card data is masked too.
    const fileName = masked(attachment.fileName, findings);
    const size = attachment.content.byteLength;
    // What the scanner cannot read (an image, an archive, an encrypted PDF) might hide a card:
    // the admin's policy on such files decides, as it does for chat uploads.
    if (verdict.verdict === 'card-data') dropped.push({ fileName, size, reason: 'card-data' });
    else if (verdict.verdict === 'unreadable' && !options.allowUnscannableAttachments) {
      dropped.push({ fileName, size, reason: 'unreadable' });
    } else {
      kept.push({ ...attachment, fileName });
      verdicts.push(verdict.verdict === 'unreadable' ? 'unreadable' : 'clean');
    }
  }
  return { kept, verdicts, dropped };
}

async function topLevelHeaders(
  raw: Uint8Array,
): Promise<{ key: string; originalKey: string; value: string }[]> {
  // The headers only: parsing the whole message again would decode every attachment again.
  const parsed = await PostalMime.parse(repairHeaderBlock(headerBlock(raw)));
  return parsed.headers;
}

const formatted = (box: MailAddress) => ({ name: box.name, address: box.address });

async function rebuild(
  mail: ParsedMail,
  raw: Uint8Array,
  findings: Finding[],
): Promise<Uint8Array> {
  const headers = (await topLevelHeaders(raw))
    .filter((header) => !REBUILT.has(header.key))
    .map((header) => ({
      key: header.originalKey,
      value: masked(decodeWords(header.value), findings),
    }));
  const composer = new MailComposer({
    from: mail.from === undefined ? undefined : formatted(mail.from),
    to: mail.to.map(formatted),
    cc: mail.cc.map(formatted),
    replyTo: mail.replyTo.map(formatted),
    subject: mail.subject,
    // A mail that came without a Message-ID (or a Date) gets one made up by the composer.
    messageId: mail.messageId === undefined ? undefined : `<${mail.messageId}>`,
    date: mail.date,
    inReplyTo: mail.inReplyTo.map((id) => `<${id}>`).join(' ') || undefined,
    references: mail.references.map((id) => `<${id}>`).join(' ') || undefined,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.fileName,
      contentType: attachment.contentType,
      content: Buffer.from(attachment.content),
      cid: attachment.contentId,
      contentDisposition: attachment.disposition,
    })),
    headers,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

/**
 * Redacts a parsed mail and rebuilds its raw original from the redacted parts: the card numbers
 * (and other secrets) appear nowhere in the result, in any encoding. Attachments with card data
 * are dropped; those the scanner cannot read are kept or dropped per `options`. Pure: no I/O.
 */
export async function redactMail(
  parsed: ParsedMail,
  raw: Uint8Array,
  options: RedactMailOptions = KEEP_UNREADABLE,
): Promise<RedactedMail> {
  const findings: Finding[] = [];
  const { kept, verdicts, dropped } = await screenAttachments(
    parsed.attachments,
    findings,
    options,
  );
  const mail: ParsedMail = {
    ...parsed,
    subject: masked(parsed.subject, findings),
    text: masked(parsed.text, findings),
    html: maskedHtml(parsed.html, findings),
    from: parsed.from === undefined ? undefined : maskedAddresses([parsed.from], findings)[0],
    replyTo: maskedAddresses(parsed.replyTo, findings),
    to: maskedAddresses(parsed.to, findings),
    cc: maskedAddresses(parsed.cc, findings),
    messageId:
      parsed.messageId === undefined ? undefined : maskedMessageId(parsed.messageId, findings),
    inReplyTo: parsed.inReplyTo.map((id) => maskedMessageId(id, findings)),
    references: parsed.references.map((id) => maskedMessageId(id, findings)),
    reportsOn:
      parsed.reportsOn === undefined ? undefined : maskedMessageId(parsed.reportsOn, findings),
    attachments: kept,
  };
  return {
    mail,
    raw: await rebuild(mail, raw, findings),
    findings: summarizeFindings(findings),
    dropped,
    verdicts,
  };
}

/**
 * Card and personal data masked in an HTML body we send (an agent's standard reply), the way
 * received HTML is masked; undefined when a secret is split across elements, so the reply goes
 * as text only.
 */
export function redactHtml(html: string): { html: string | undefined; findings: Finding[] } {
  const findings: Finding[] = [];
  return { html: maskedHtml(html, findings), findings };
}
