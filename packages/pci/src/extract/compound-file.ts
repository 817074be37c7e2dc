// Reader for Compound File Binary (MS-CFB), the container of Word, Excel and PowerPoint 97–2003
// files and Outlook .msg. Every sector chain is bounded, so a crafted file cannot loop us.

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const MAX_REGULAR_SECTOR = 0xfffffffa;
const NO_STREAM = 0xffffffff;
const HEADER_DIFAT_ENTRIES = 109;
const DIRECTORY_ENTRY_SIZE = 128;
const TYPE_STORAGE = 1;
const TYPE_STREAM = 2;

interface DirectoryEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

/**
 * Streams of a compound file by path ("__attach_version1.0_#00000000/__substg1.0_3701000D"),
 * or undefined when `bytes` is not a readable compound file.
 */
export function readCompoundFile(bytes: Uint8Array): Map<string, Uint8Array> | undefined {
  if (bytes.length < 512 || SIGNATURE.some((b, k) => bytes[k] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number =>
    at + 4 <= bytes.length ? view.getUint32(at, true) : END_OF_CHAIN;
  const sectorSize = 1 << view.getUint16(0x1e, true);
  if (sectorSize !== 512 && sectorSize !== 4096) return undefined;
  const sectorCount = Math.floor(bytes.length / sectorSize) - 1;
  const offsetOf = (sector: number): number => (sector + 1) * sectorSize;
  const perSector = sectorSize / 4;

  const fatSectors: number[] = [];
  for (let k = 0; k < HEADER_DIFAT_ENTRIES; k++) {
    const sector = u32(0x4c + 4 * k);
    if (sector < MAX_REGULAR_SECTOR) fatSectors.push(sector);
  }
  let difat = u32(0x44);
  for (let guard = 0; difat < MAX_REGULAR_SECTOR && guard <= sectorCount; guard++) {
    for (let k = 0; k < perSector - 1; k++) {
      const sector = u32(offsetOf(difat) + 4 * k);
      if (sector < MAX_REGULAR_SECTOR) fatSectors.push(sector);
    }
    difat = u32(offsetOf(difat) + sectorSize - 4);
  }
  // Each FAT sector is a sector of this file; more would be a crafted file asking for gigabytes.
  if (fatSectors.length > sectorCount) return undefined;
  const fat = new Uint32Array(fatSectors.length * perSector);
  fatSectors.forEach((sector, i) => {
    for (let k = 0; k < perSector; k++) fat[i * perSector + k] = u32(offsetOf(sector) + 4 * k);
  });

  const readRegular = (start: number, size: number) =>
    readChain(
      { table: fat, unit: sectorSize, source: bytes, offsetOf, limit: sectorCount },
      start,
      size,
    );

  const directory = readRegular(u32(0x30), Number.POSITIVE_INFINITY);
  if (directory === undefined) return undefined;
  const entries = parseDirectory(directory);
  const root = entries[0];
  if (root === undefined) return undefined;
  const miniStream = readRegular(root.start, root.size) ?? new Uint8Array();
  const miniFatBytes = readRegular(u32(0x3c), u32(0x40) * sectorSize) ?? new Uint8Array();
  const miniFat = new Uint32Array(miniFatBytes.length >> 2);
  const miniFatView = new DataView(
    miniFatBytes.buffer,
    miniFatBytes.byteOffset,
    miniFatBytes.byteLength,
  );
  for (let k = 0; k < miniFat.length; k++) miniFat[k] = miniFatView.getUint32(4 * k, true);
  const miniSectorSize = 1 << view.getUint16(0x20, true);
  const cutoff = u32(0x38);
  const mini: Chain = {
    table: miniFat,
    unit: miniSectorSize,
    source: miniStream,
    offsetOf: (sector) => sector * miniSectorSize,
    limit: Math.floor(miniStream.length / miniSectorSize),
  };

  const streams = new Map<string, Uint8Array>();
  const seen = new Set<number>();
  const pending: [number, string][] = [[root.child, '']];
  while (pending.length > 0) {
    const [id, prefix] = pending.pop() ?? [NO_STREAM, ''];
    const entry = entries[id];
    if (entry === undefined || seen.has(id)) continue;
    seen.add(id);
    pending.push([entry.left, prefix], [entry.right, prefix]);
    if (entry.type === TYPE_STORAGE) pending.push([entry.child, `${prefix}${entry.name}/`]);
    if (entry.type !== TYPE_STREAM) continue;
    const data =
      entry.size < cutoff
        ? readChain(mini, entry.start, entry.size)
        : readRegular(entry.start, entry.size);
    if (data !== undefined) streams.set(prefix + entry.name, data);
  }
  return streams;
}

/** A sector allocation table and the bytes it allocates. */
interface Chain {
  table: Uint32Array;
  unit: number;
  source: Uint8Array;
  offsetOf: (sector: number) => number;
  limit: number;
}

/** Follows a sector chain from `start`; undefined when it leaves the file or loops. */
function readChain(chain: Chain, start: number, size: number): Uint8Array | undefined {
  const { table, unit, source, offsetOf } = chain;
  const limit = Math.min(table.length, chain.limit);
  const chunks: Uint8Array[] = [];
  for (let sector = start; sector !== END_OF_CHAIN;) {
    if (sector >= limit || chunks.length > limit) return undefined;
    const from = offsetOf(sector);
    chunks.push(source.subarray(from, from + unit));
    if (chunks.length * unit >= size) break;
    sector = table[sector] ?? END_OF_CHAIN;
  }
  const joined = new Uint8Array(chunks.length * unit);
  chunks.forEach((chunk, k) => joined.set(chunk, k * unit));
  return joined.subarray(0, Math.min(size, joined.length));
}

function parseDirectory(directory: Uint8Array): DirectoryEntry[] {
  const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const decoder = new TextDecoder('utf-16le');
  const entries: DirectoryEntry[] = [];
  for (let at = 0; at + DIRECTORY_ENTRY_SIZE <= directory.length; at += DIRECTORY_ENTRY_SIZE) {
    const nameLength = Math.min(64, view.getUint16(at + 0x40, true));
    entries.push({
      name: decoder.decode(directory.subarray(at, at + Math.max(0, nameLength - 2))),
      type: view.getUint8(at + 0x42),
      left: view.getUint32(at + 0x44, true),
      right: view.getUint32(at + 0x48, true),
      child: view.getUint32(at + 0x4c, true),
      start: view.getUint32(at + 0x74, true),
      size: view.getUint32(at + 0x78, true),
    });
  }
  return entries;
}
