// Reads a ZIP central directory (APPNOTE 4.3.12) to learn entry names and flags before
// decompressing anything; fflate ignores the encryption flag, so we must check it ourselves.
import { Inflate } from 'fflate';
import { readPieces, type AttachmentSource } from './source.ts';

/** One central-directory entry. */
export interface ZipEntry {
  name: string;
  encrypted: boolean;
  uncompressedSize: number;
  /** 0 stored, 8 deflated (the two that Office and OpenDocument files use). */
  method: number;
  compressedSize: number;
  /** Where the entry's local header starts. */
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** Entries of a ZIP archive, or undefined when `bytes` is not a readable ZIP. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  const at = view.getUint32(eocd + 16, true);
  return parseCentralDirectory(bytes.subarray(at), count);
}

/**
 * Entries of the ZIP archive in `source`, reading only its end (the end-of-central-directory
 * record and the central directory); undefined when it is not a readable ZIP.
 */
export async function readZipDirectoryAt(
  source: AttachmentSource,
): Promise<ZipEntry[] | undefined> {
  const tailLength = Math.min(source.size, EOCD_MIN_SIZE + MAX_COMMENT);
  const tail = await source.read(source.size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  const length = view.getUint32(eocd + 12, true);
  const at = view.getUint32(eocd + 16, true);
  if (at + length > source.size) return undefined;
  return parseCentralDirectory(await source.read(at, length), count);
}

function parseCentralDirectory(directory: Uint8Array, count: number): ZipEntry[] | undefined {
  const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  let at = 0;
  for (let k = 0; k < count; k++) {
    if (at + 46 > directory.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      return undefined;
    }
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      name: decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)),
      encrypted: (flags & 1) === 1,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - EOCD_MIN_SIZE - MAX_COMMENT);
  for (let at = view.byteLength - EOCD_MIN_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  return -1;
}

/** Compressed bytes handed to the inflater at once: its output per push stays small too. */
const INFLATE_PIECE = 16 * 1024;

/**
 * The uncompressed content of one entry, in pieces, read from `source` as it is inflated: never
 * the whole entry (nor the archive) in memory. Throws on a damaged entry or an unknown method.
 */
export async function* readZipEntry(
  source: AttachmentSource,
  entry: ZipEntry,
): AsyncGenerator<Uint8Array> {
  const header = await source.read(entry.localHeaderOffset, 30);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || view.getUint32(0, true) !== LOCAL_SIGNATURE) {
    throw new Error('damaged archive');
  }
  const start = entry.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > source.size) throw new Error('damaged archive');
  if (entry.method === 0) {
    yield* readPieces(source, start, end);
    return;
  }
  if (entry.method !== 8) throw new Error(`unsupported compression method ${entry.method}`);
  const out: Uint8Array[] = [];
  const inflater = new Inflate((data) => out.push(data));
  for await (const piece of readPieces(source, start, end, INFLATE_PIECE)) {
    inflater.push(piece);
    yield* out.splice(0);
  }
  inflater.push(new Uint8Array(0), true);
  yield* out.splice(0);
}
