// A small MIME walker for .eml and .mht: enough structure to reach every text part and every
// attached document, decoding transfer encodings and charsets on the way.
import { binaryStringToBytes, bytesToBinaryString, decodeText } from './decode-text.ts';
import { HTML_OPTIONS, markupToText } from './markup.ts';

/** Extracts text from an attached file; supplied by the caller to avoid an import cycle. */
export type NestedExtractor = (bytes: Uint8Array, fileName: string) => Promise<string | undefined>;

// Real mail nests a few levels (mixed > alternative > related); deeper is an attack.
const MAX_DEPTH = 12;

interface Part {
  headers: Map<string, string>;
  body: string;
}

/**
 * Text of a MIME message: the subject, every text/plain and text/html part, and the text of
 * attached documents (through `nested`). Returns undefined when an attachment is unreadable.
 */
export async function mimeToText(
  bytes: Uint8Array,
  nested: NestedExtractor,
): Promise<string | undefined> {
  const out: string[] = [];
  const part = splitPart(bytesToBinaryString(bytes));
  const subject = part.headers.get('subject');
  if (subject !== undefined) out.push(decodeEncodedWords(subject));
  const ok = await walk(part, 0, nested, out);
  return ok ? out.join('\n') : undefined;
}

async function walk(
  part: Part,
  depth: number,
  nested: NestedExtractor,
  out: string[],
): Promise<boolean> {
  if (depth > MAX_DEPTH) return false;
  const contentType = part.headers.get('content-type') ?? 'text/plain';
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const boundary = parameter(contentType, 'boundary');
  if (mediaType.startsWith('multipart/') && boundary !== undefined) {
    for (const child of splitMultipart(part.body, boundary)) {
      if (!(await walk(splitPart(child), depth + 1, nested, out))) return false;
    }
    return true;
  }
  const body = decodeTransfer(part.body, part.headers.get('content-transfer-encoding'));
  if (mediaType === 'message/rfc822') {
    return walk(splitPart(bytesToBinaryString(body)), depth + 1, nested, out);
  }
  const fileName = attachmentName(part.headers);
  if (fileName !== undefined && !mediaType.startsWith('text/')) {
    const text = await nested(body, fileName);
    if (text === undefined) return false;
    out.push(text);
    return true;
  }
  if (mediaType === 'text/html') {
    out.push(markupToText(decodeText(body, parameter(contentType, 'charset')), HTML_OPTIONS));
  } else if (mediaType.startsWith('text/') || fileName === undefined) {
    out.push(decodeText(body, parameter(contentType, 'charset')));
  }
  return true;
}

function splitPart(raw: string): Part {
  const match = /\r?\n\r?\n/.exec(raw);
  const headerText = match === null ? raw : raw.slice(0, match.index);
  const body = match === null ? '' : raw.slice(match.index + match[0].length);
  const headers = new Map<string, string>();
  let current: string | undefined;
  for (const line of headerText.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== undefined) {
      headers.set(current, `${headers.get(current) ?? ''} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    current = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(current)) headers.set(current, line.slice(colon + 1).trim());
    else current = undefined;
  }
  return { headers, body };
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const lineEnd = body.indexOf('\n', at);
    if (body.startsWith(`${delimiter}--`, at) || lineEnd < 0) break;
    const next = body.indexOf(`\n${delimiter}`, lineEnd);
    const end = next < 0 ? body.length : next;
    parts.push(body.slice(lineEnd + 1, end).replace(/\r$/, ''));
    at = next < 0 ? -1 : next + 1;
  }
  return parts;
}

/** A Content-Type or Content-Disposition parameter, unquoted and decoded. */
function parameter(header: string, name: string): string | undefined {
  for (const piece of header.split(';').slice(1)) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const key = piece.slice(0, eq).trim().toLowerCase();
    if (key !== name && key !== `${name}*`) continue;
    let value = piece.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (key.endsWith('*')) value = decodeURIComponentSafe(value.replace(/^[^']*'[^']*'/, ''));
    return decodeEncodedWords(value);
  }
  return undefined;
}

function attachmentName(headers: Map<string, string>): string | undefined {
  return (
    parameter(headers.get('content-disposition') ?? '', 'filename') ??
    parameter(headers.get('content-type') ?? '', 'name')
  );
}

function decodeTransfer(body: string, encoding: string | undefined): Uint8Array {
  switch (encoding?.trim().toLowerCase()) {
    case 'base64':
      return decodeBase64(body);
    case 'quoted-printable':
      return binaryStringToBytes(decodeQuotedPrintable(body));
    default:
      return binaryStringToBytes(body);
  }
}

/** Decodes base64, ignoring line breaks and any other non-alphabet characters. */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const usable = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0));
  const padded = usable + '='.repeat((4 - (usable.length % 4)) % 4);
  return binaryStringToBytes(atob(padded));
}

/** Decodes quoted-printable into a binary string (one code unit per byte). */
export function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
}

/** Decodes RFC 2047 encoded words (=?charset?B|Q?…?=) in a header value. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(
      /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g,
      (_, charset: string, kind: string, text: string) => {
        const bytes =
          kind.toUpperCase() === 'B'
            ? decodeBase64(text)
            : binaryStringToBytes(decodeQuotedPrintable(text.replace(/_/g, ' ')));
        return decodeText(bytes, charset);
      },
    );
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
