/**
 * Repairs a message's top-level header block before the MIME parser sees it, for two habits of
 * real mail clients that the standards do not allow but people's mail is full of:
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
  const ends = [bytes.indexOf('\n\n'), bytes.indexOf('\n\r\n')].filter((at) => at >= 0);
  return ends.length === 0 ? raw.length : Math.min(...ends) + 1;
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

/** The raw message with its top-level header block made decodable (see the file's comment). */
export function repairHeaderBlock(raw: Uint8Array): Uint8Array {
  const end = headerEnd(raw);
  const head = Buffer.from(raw.buffer, raw.byteOffset, end);
  const hasEightBit = head.some((byte) => byte >= 0x80);
  const hasWords = head.includes('=?');
  if (!hasEightBit && !hasWords) return raw;
  const declared = declaredCharset(head.toString('latin1'));
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
  // Nothing to repair: hand on the message itself rather than a copy of it.
  if (!hasEightBit && merged === text) return raw;
  return Buffer.concat([Buffer.from(merged, 'utf8'), raw.subarray(end)]);
}
