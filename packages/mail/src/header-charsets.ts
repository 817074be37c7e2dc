/**
 * Repairs a message's header sections (its own and each MIME part's) before the MIME parser sees
 * them, for two habits of real mail clients that the standards do not allow but people's mail is
 * full of:
 * - raw 8-bit header text without RFC 2047 encoding ("undeclared"), often EUC-KR from Korean
 *   clients: re-encoded as UTF-8, decoded with the body's declared charset, else EUC-KR, else
 *   windows-1252 (every byte sequence decodes there, so the text is never lost);
 * - one multi-byte character split across two encoded words (`=?UTF-8?B?7ZWc6g==?=
 *   =?UTF-8?B?tQ==?=`): adjacent words of one charset are merged into one when their bytes
 *   only decode together.
 * Only the bytes handed to the parser change; the message as received is kept as it was.
 */

const CR = 0x0d;
const LF = 0x0a;

/** Where the header block ends (index of the blank line's first byte), or the length. */
function headerEnd(raw: Uint8Array): number {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (bytes[0] === LF) return 0;
  if (bytes[0] === CR && bytes[1] === LF) return 0;
  // A bare '\n\n' is looked for only before the first '\r\n' blank line: a CRLF message
  // (most) has none, and searching all of it for one read every attachment's bytes.
  const crlf = bytes.indexOf('\n\r\n');
  const lf = (crlf < 0 ? bytes : bytes.subarray(0, crlf + 1)).indexOf('\n\n');
  const end = lf >= 0 ? lf : crlf;
  return end < 0 ? raw.length : end + 1;
}

/** The top-level header block alone, ending with its blank line (cheap to parse on its own). */
export function headerBlock(raw: Uint8Array): Uint8Array {
  return Buffer.concat([raw.subarray(0, headerEnd(raw)), Buffer.from('\r\n')]);
}

function decodes(bytes: Uint8Array, charset: string): string | undefined {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function declaredCharset(headerText: string): string | undefined {
  const match = /^content-type:[^\n]*?charset\s*=\s*"?([\w.:-]+)/im.exec(headerText);
  const charset = match?.[1]?.toLowerCase();
  if (charset === undefined || charset === 'utf-8' || charset === 'us-ascii') return undefined;
  try {
    new TextDecoder(charset);
    return charset;
  } catch {
    return undefined;
  }
}

function decodeUndeclared(line: Uint8Array, declared: string | undefined): string {
  for (const charset of ['utf-8', declared, 'euc-kr']) {
    if (charset === undefined) continue;
    const text = decodes(line, charset);
    if (text !== undefined) return text;
  }
  return new TextDecoder('windows-1252').decode(line);
}

const ENCODED_WORDS = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=(?:[ \t]*(?:\r?\n)?[ \t]+(?==\?))?/g;

function wordBytes(encoding: string, text: string): Uint8Array {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const hex = char === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(char === '_' ? 0x20 : char.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(bytes);
}

interface Word {
  charset: string;
  bytes: Uint8Array;
  source: string;
}

/** Merges runs of adjacent encoded words of one charset whose bytes decode only together. */
function mergeSplitWords(line: string): string {
  const runs: { start: number; end: number; words: Word[] }[] = [];
  for (const match of line.matchAll(ENCODED_WORDS)) {
    const [source, charset = '', encoding = '', text = ''] = match;
    const word = { charset: charset.toLowerCase(), bytes: wordBytes(encoding, text), source };
    const last = runs.at(-1);
    if (last !== undefined && last.end === match.index && last.words[0]!.charset === word.charset) {
      last.words.push(word);
      last.end = match.index + source.length;
    } else runs.push({ start: match.index, end: match.index + source.length, words: [word] });
  }
  let out = '';
  let at = 0;
  for (const run of runs) {
    if (run.words.length < 2) continue;
    const charset = run.words[0]!.charset.replace(/\*.*$/, '');
    const apart = run.words.every((word) => decodes(word.bytes, charset) !== undefined);
    const together = Buffer.concat(run.words.map((word) => word.bytes));
    if (apart || decodes(together, charset) === undefined) continue;
    const trailing = /\s*$/.exec(run.words.at(-1)!.source)?.[0] ?? '';
    out += line.slice(at, run.start) + `=?${charset}?B?${together.toString('base64')}?=${trailing}`;
    at = run.end;
  }
  return at === 0 ? line : out + line.slice(at);
}

/** A header section made decodable, or undefined when it needs nothing. */
function repairSection(head: Buffer, fallbackCharset: string | undefined): Buffer | undefined {
  const hasEightBit = head.some((byte) => byte >= 0x80);
  if (!hasEightBit && !head.includes('=?')) return undefined;
  const declared = declaredCharset(head.toString('latin1')) ?? fallbackCharset;
  const lines: string[] = [];
  let start = 0;
  while (start < head.length) {
    let next = head.indexOf(LF, start);
    next = next < 0 ? head.length : next + 1;
    const line = head.subarray(start, next);
    lines.push(
      line.some((byte) => byte >= 0x80)
        ? decodeUndeclared(line, declared)
        : line.toString('latin1'),
    );
    start = next;
  }
  // Encoded words may be folded across lines: merge on the header text as a whole.
  const text = lines.join('');
  const merged = mergeSplitWords(text);
  return !hasEightBit && merged === text ? undefined : Buffer.from(merged, 'utf8');
}

/** The MIME boundaries a message declares (found by native search, not by a full parse). */
function boundaries(raw: Buffer): string[] {
  const found = new Set<string>();
  for (let at = raw.indexOf('boundary='); at >= 0; at = raw.indexOf('boundary=', at + 9)) {
    const value = raw.subarray(at + 9, at + 9 + 200).toString('latin1');
    const boundary = /^"([^"\r\n]+)"|^([^\s;"]+)/.exec(value);
    const text = boundary?.[1] ?? boundary?.[2];
    if (text !== undefined) found.add(text);
  }
  return [...found];
}

/** Where each MIME part's header section is: after a boundary line, up to its blank line. */
function partHeaderSections(raw: Buffer): { start: number; end: number }[] {
  const sections = new Map<number, number>();
  for (const boundary of boundaries(raw)) {
    const marker = `\n--${boundary}`;
    for (let at = raw.indexOf(marker); at >= 0; at = raw.indexOf(marker, at + marker.length)) {
      const lineEnd = raw.indexOf(LF, at + marker.length);
      if (lineEnd < 0) continue;
      const start = lineEnd + 1;
      const rest = raw.subarray(start, start + 65_536);
      const end = start + headerEnd(rest);
      if (end > start) sections.set(start, end);
    }
  }
  return [...sections].map(([start, end]) => ({ start, end })).sort((a, b) => a.start - b.start);
}

/**
 * The raw message with its header sections made decodable (see the file's comment): the
 * top-level block and each MIME part's own (a Korean file name in raw EUC-KR, say).
 */
export function repairHeaderBlock(raw: Uint8Array): Uint8Array {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const topEnd = headerEnd(bytes);
  const top = bytes.subarray(0, topEnd);
  const topCharset = declaredCharset(top.toString('latin1'));
  const pieces: Uint8Array[] = [repairSection(top, undefined) ?? top];
  let changed = pieces[0] !== top;
  let at = topEnd;
  for (const section of partHeaderSections(bytes)) {
    if (section.start < at) continue;
    const repaired = repairSection(bytes.subarray(section.start, section.end), topCharset);
    if (repaired === undefined) continue;
    pieces.push(bytes.subarray(at, section.start), repaired);
    at = section.end;
    changed = true;
  }
  // Nothing to repair: hand on the message itself rather than a copy of it.
  if (!changed) return raw;
  pieces.push(bytes.subarray(at));
  return Buffer.concat(pieces);
}
