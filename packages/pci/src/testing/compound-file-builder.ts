// Test-only writer of minimal compound files (MS-CFB version 3, 512-byte sectors). Streams are
// padded to the 4096-byte mini-stream cutoff so every stream lives in regular sectors.

const SECTOR = 512;
const CUTOFF = 4096;
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const FAT_SECTOR = 0xfffffffd;

interface Node {
  name: string;
  type: 1 | 2 | 5;
  data?: Uint8Array;
  children: Node[];
  start: number;
  id: number;
  right?: Node;
}

/** Builds a compound file from streams keyed by path ("Storage/Stream"). */
export function buildCompoundFile(streams: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const root: Node = { name: 'Root Entry', type: 5, children: [], start: END_OF_CHAIN, id: 0 };
  const nodes: Node[] = [root];
  for (const [path, data] of Object.entries(streams)) {
    let parent = root;
    const parts = path.split('/');
    parts.forEach((name, k) => {
      const isStream = k === parts.length - 1;
      let node = parent.children.find((c) => c.name === name);
      if (node === undefined) {
        node = {
          name,
          type: isStream ? 2 : 1,
          children: [],
          start: END_OF_CHAIN,
          id: nodes.length,
        };
        if (isStream) node.data = padded(data);
        nodes.push(node);
        const previous = parent.children.at(-1);
        if (previous !== undefined) previous.right = node;
        parent.children.push(node);
      }
      parent = node;
    });
  }
  const streamNodes = nodes.filter((n) => n.type === 2);
  const dirSectors = Math.ceil((nodes.length * 128) / SECTOR);
  const dataSectors = streamNodes.reduce((sum, n) => sum + (n.data?.length ?? 0) / SECTOR, 0);
  let fatSectors = 1;
  while (fatSectors * (SECTOR / 4) < fatSectors + dirSectors + dataSectors) fatSectors++;
  const total = fatSectors + dirSectors + dataSectors;
  const out = new Uint8Array(SECTOR * (total + 1));
  const view = new DataView(out.buffer);
  const fat = new Uint32Array(fatSectors * (SECTOR / 4)).fill(FREE);
  for (let k = 0; k < fatSectors; k++) fat[k] = FAT_SECTOR;
  const chain = (start: number, count: number): void => {
    for (let k = 0; k < count; k++) fat[start + k] = k === count - 1 ? END_OF_CHAIN : start + k + 1;
  };
  chain(fatSectors, dirSectors);
  let next = fatSectors + dirSectors;
  for (const node of streamNodes) {
    const count = (node.data?.length ?? 0) / SECTOR;
    node.start = next;
    chain(next, count);
    out.set(node.data ?? new Uint8Array(), SECTOR * (next + 1));
    next += count;
  }
  writeHeader(view, fatSectors);
  fat.forEach((value, k) => view.setUint32(SECTOR + 4 * k, value, true));
  nodes.forEach((node) => writeEntry(view, SECTOR * (fatSectors + 1) + node.id * 128, node));
  return out;
}

function padded(data: Uint8Array): Uint8Array {
  const size = Math.max(CUTOFF, Math.ceil(data.length / SECTOR) * SECTOR);
  const out = new Uint8Array(size);
  out.set(data);
  return out;
}

function writeHeader(view: DataView, fatSectors: number): void {
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].forEach((b, k) => view.setUint8(k, b));
  view.setUint16(0x18, 0x3e, true);
  view.setUint16(0x1a, 3, true);
  view.setUint16(0x1c, 0xfffe, true);
  view.setUint16(0x1e, 9, true);
  view.setUint16(0x20, 6, true);
  view.setUint32(0x2c, fatSectors, true);
  view.setUint32(0x30, fatSectors, true);
  view.setUint32(0x38, CUTOFF, true);
  view.setUint32(0x3c, END_OF_CHAIN, true);
  view.setUint32(0x44, END_OF_CHAIN, true);
  for (let k = 0; k < 109; k++) view.setUint32(0x4c + 4 * k, k < fatSectors ? k : FREE, true);
}

// Siblings are chained through their right pointers: a valid, if unbalanced, tree.
function writeEntry(view: DataView, at: number, node: Node): void {
  for (let k = 0; k < node.name.length; k++)
    view.setUint16(at + 2 * k, node.name.charCodeAt(k), true);
  view.setUint16(at + 0x40, (node.name.length + 1) * 2, true);
  view.setUint8(at + 0x42, node.type);
  view.setUint32(at + 0x44, FREE, true);
  view.setUint32(at + 0x48, node.right?.id ?? FREE, true);
  view.setUint32(at + 0x4c, node.children[0]?.id ?? FREE, true);
  view.setUint32(at + 0x74, node.start, true);
  view.setUint32(at + 0x78, node.data?.length ?? 0, true);
}
