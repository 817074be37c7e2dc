// Text of Word, Excel and PowerPoint 97–2003 files, read from their compound-file streams
// ([MS-DOC], [MS-XLS], [MS-PPT]). Only what holds document text is parsed.
import { readCompoundFile } from './compound-file.ts';

/** Text of a legacy document, or why it could not be read. */
export type LegacyText = { text: string } | { unreadable: string };

const cp1252 = new TextDecoder('windows-1252');
const utf16 = new TextDecoder('utf-16le');

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Opens the compound file and hands the named stream to `read`. */
export function readLegacy(
  bytes: Uint8Array,
  streamNames: readonly string[],
  read: (stream: Uint8Array, streams: Map<string, Uint8Array>) => LegacyText,
): LegacyText {
  const streams = readCompoundFile(bytes);
  if (streams === undefined) return { unreadable: 'not an Office 97–2003 file' };
  if (streams.has('EncryptionInfo')) return { unreadable: 'encrypted document' };
  const name = streamNames.find((n) => streams.has(n));
  const stream = name === undefined ? undefined : streams.get(name);
  if (stream === undefined) return { unreadable: `no ${streamNames[0] ?? ''} stream` };
  try {
    return read(stream, streams);
  } catch {
    return { unreadable: 'damaged document' };
  }
}

/** Word 97–2003: the piece table in the table stream says where each run of text lives. */
export function wordText(doc: Uint8Array, streams: Map<string, Uint8Array>): LegacyText {
  const fib = viewOf(doc);
  if (fib.getUint16(0, true) !== 0xa5ec) return { unreadable: 'not a Word document' };
  const flags = fib.getUint16(0x0a, true);
  if ((flags & 0x0100) !== 0) return { unreadable: 'encrypted document' };
  const table = streams.get((flags & 0x0200) !== 0 ? '1Table' : '0Table');
  if (table === undefined) return { unreadable: 'no table stream' };
  // FibRgFcLcb97 follows two variable-length arrays; fcClx/lcbClx is its 34th pair.
  let at = 32;
  at += 2 + fib.getUint16(at, true) * 2;
  at += 2 + fib.getUint16(at, true) * 4;
  at += 2;
  const fcClx = fib.getUint32(at + 33 * 8, true);
  const tableView = viewOf(table);
  let pos = fcClx;
  while (table[pos] === 0x01) pos += 3 + tableView.getInt16(pos + 1, true);
  if (table[pos] !== 0x02) return { unreadable: 'damaged document' };
  const lcb = tableView.getUint32(pos + 1, true);
  const pieces = (lcb - 4) / 12;
  const cps = pos + 5;
  const pcds = cps + 4 * (pieces + 1);
  const parts: string[] = [];
  for (let k = 0; k < pieces; k++) {
    const chars =
      tableView.getUint32(cps + 4 * (k + 1), true) - tableView.getUint32(cps + 4 * k, true);
    const fc = tableView.getUint32(pcds + 8 * k + 2, true);
    const compressed = (fc & 0x40000000) !== 0;
    const offset = compressed ? (fc & 0x3fffffff) / 2 : fc & 0x3fffffff;
    parts.push(
      compressed
        ? cp1252.decode(doc.subarray(offset, offset + chars))
        : utf16.decode(doc.subarray(offset, offset + chars * 2)),
    );
  }
  return { text: wordControlsToText(parts.join('')) };
}

// Paragraph marks are CR, line breaks VT, cell marks BEL; other control characters mark fields
// and embedded objects and carry no text.
function wordControlsToText(raw: string): string {
  let out = '';
  for (let k = 0; k < raw.length; k++) {
    const code = raw.charCodeAt(k);
    if (code === 0x0d || code === 0x0b) out += '\n';
    else if (code === 0x07) out += '\t';
    else if (code >= 0x20 || code === 0x09 || code === 0x0a) out += raw[k];
  }
  return out;
}

/** Excel 97–2003: shared strings, label and formula-string cells, and numbers. */
export function excelText(book: Uint8Array): LegacyText {
  const view = viewOf(book);
  const cells: string[] = [];
  for (let at = 0; at + 4 <= book.length;) {
    const type = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    const body = book.subarray(at + 4, at + 4 + size);
    at += 4 + size;
    if (type === 0x002f) return { unreadable: 'encrypted workbook' };
    if (type === 0x00fc) {
      const segments = [body];
      while (at + 4 <= book.length && view.getUint16(at, true) === 0x003c) {
        const length = view.getUint16(at + 2, true);
        segments.push(book.subarray(at + 4, at + 4 + length));
        at += 4 + length;
      }
      cells.push(...sharedStrings(segments));
    } else if (type === 0x0204 || type === 0x0207) {
      cells.push(new SegmentReader([body.subarray(type === 0x0204 ? 6 : 0)]).string());
    } else if (type === 0x0203 && body.length >= 14) {
      cells.push(String(viewOf(body).getFloat64(6, true)));
    }
  }
  return { text: cells.join('\t') };
}

function sharedStrings(segments: Uint8Array[]): string[] {
  const reader = new SegmentReader(segments);
  reader.skip(8);
  const strings: string[] = [];
  while (!reader.done()) strings.push(reader.string());
  return strings;
}

/** Reads BIFF8 strings that may continue into CONTINUE records (with a fresh flags byte). */
class SegmentReader {
  private segment = 0;
  private pos = 0;

  constructor(private readonly segments: Uint8Array[]) {}

  done(): boolean {
    while (
      this.segment < this.segments.length &&
      this.pos >= (this.segments[this.segment]?.length ?? 0)
    ) {
      this.segment++;
      this.pos = 0;
    }
    return this.segment >= this.segments.length;
  }

  byte(): number {
    if (this.done()) throw new RangeError('string runs past its record');
    return this.segments[this.segment]?.[this.pos++] ?? 0;
  }

  skip(count: number): void {
    for (let k = 0; k < count; k++) this.byte();
  }

  string(): string {
    const count = this.byte() | (this.byte() << 8);
    const flags = this.byte();
    const runs = (flags & 0x08) !== 0 ? this.byte() | (this.byte() << 8) : 0;
    const ext =
      (flags & 0x04) !== 0
        ? this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)
        : 0;
    let wide = (flags & 0x01) !== 0;
    const codes: number[] = [];
    while (codes.length < count) {
      if (this.pos >= (this.segments[this.segment]?.length ?? 0)) {
        this.done();
        wide = (this.byte() & 0x01) !== 0;
      }
      codes.push(wide ? this.byte() | (this.byte() << 8) : this.byte());
    }
    this.skip(runs * 4 + ext);
    return String.fromCharCode(...codes);
  }
}

/** PowerPoint 97–2003: text atoms anywhere in the record tree of the document stream. */
export function powerPointText(doc: Uint8Array): LegacyText {
  const view = viewOf(doc);
  const texts: string[] = [];
  for (let at = 0; at + 8 <= doc.length;) {
    const version = view.getUint16(at, true) & 0x0f;
    const type = view.getUint16(at + 2, true);
    const length = view.getUint32(at + 4, true);
    if (type === 0x2f14) return { unreadable: 'encrypted presentation' };
    // Containers (version 0xF) are entered; atoms are read or skipped.
    if (version === 0x0f) {
      at += 8;
      continue;
    }
    const body = doc.subarray(at + 8, at + 8 + length);
    if (type === 0x0fa0 || type === 0x0fba) texts.push(utf16.decode(body));
    else if (type === 0x0fa8) texts.push(cp1252.decode(body));
    at += 8 + length;
  }
  return { text: texts.join('\n').replace(/\r/g, '\n') };
}
