import { describe, expect, it } from 'vitest';
import { buildCompoundFile } from '../testing/compound-file-builder.ts';
import { extractText } from './extract-text.ts';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
const utf16 = (text: string): Uint8Array => {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let k = 0; k < text.length; k++) view.setUint16(2 * k, text.charCodeAt(k), true);
  return out;
};
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const u16 = (value: number): Uint8Array => Uint8Array.of(value & 0xff, value >> 8);
const u32 = (value: number): Uint8Array => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
};
const record = (type: number, body: Uint8Array): Uint8Array =>
  concat(u16(type), u16(body.length), body);

async function textOf(bytes: Uint8Array, fileName: string): Promise<string> {
  const result = await extractText(bytes, fileName);
  if (result.status !== 'text') throw new Error(`unreadable: ${result.reason}`);
  return result.text;
}

/** A Word 97 file with an 8-bit piece and a UTF-16 piece. */
function wordFile(latin: string, wide: string, flags = 0): Uint8Array {
  const doc = new Uint8Array(4096);
  const view = new DataView(doc.buffer);
  view.setUint16(0, 0xa5ec, true);
  view.setUint16(0x0a, 0x0200 | flags, true);
  view.setUint16(32, 14, true);
  view.setUint16(62, 22, true);
  view.setUint16(152, 93, true);
  view.setUint32(154 + 33 * 8, 0, true);
  doc.set(ascii(latin), 1024);
  doc.set(utf16(wide), 2048);
  const cps = [0, latin.length, latin.length + wide.length];
  const table = concat(
    Uint8Array.of(0x02),
    u32(4 * 3 + 8 * 2),
    ...cps.map(u32),
    concat(u16(0), u32((1024 * 2) | 0x40000000), u16(0)),
    concat(u16(0), u32(2048), u16(0)),
  );
  return buildCompoundFile({ WordDocument: doc, '1Table': table });
}

describe('extractText of Word 97–2003', () => {
  it('reads 8-bit and UTF-16 pieces and turns paragraph marks into line breaks', async () => {
    const text = await textOf(wordFile('Card 4111 1111 1111 1111\r', '카드 끝\r'), 'old.doc');
    expect(text).toBe('Card 4111 1111 1111 1111\n카드 끝\n');
  });

  it('reports an encrypted document as unreadable', async () => {
    const result = await extractText(wordFile('secret', '', 0x0100), 'locked.doc');
    expect(result).toEqual({ status: 'unreadable', reason: 'encrypted document' });
  });

  it('reports a file that is not a compound file as unreadable', async () => {
    expect((await extractText(ascii('plain text'), 'fake.doc')).status).toBe('unreadable');
  });
});

describe('extractText of Excel 97–2003', () => {
  const book = (...records: Uint8Array[]) =>
    buildCompoundFile({
      Workbook: concat(
        record(0x0809, new Uint8Array(16)),
        ...records,
        record(0x000a, new Uint8Array()),
      ),
    });

  it('reads shared strings across CONTINUE records, labels and numbers', async () => {
    const sst = record(
      0x00fc,
      concat(
        u32(2),
        u32(2),
        u16(4),
        Uint8Array.of(0),
        ascii('Name'),
        u16(19),
        Uint8Array.of(0),
        ascii('4111 1111 '),
      ),
    );
    const rest = record(0x003c, concat(Uint8Array.of(1), utf16('1111 1111')));
    const label = record(
      0x0204,
      concat(new Uint8Array(6), u16(9), Uint8Array.of(0), ascii('exp 12/27')),
    );
    const number = new Uint8Array(14);
    new DataView(number.buffer).setFloat64(6, 5555555555554444, true);
    const text = await textOf(book(sst, rest, label, record(0x0203, number)), 'old.xls');
    expect(text.split('\t')).toEqual([
      'Name',
      '4111 1111 1111 1111',
      'exp 12/27',
      '5555555555554444',
    ]);
  });

  it('reports a password-protected workbook as unreadable', async () => {
    const result = await extractText(book(record(0x002f, new Uint8Array(54))), 'locked.xls');
    expect(result).toEqual({ status: 'unreadable', reason: 'encrypted workbook' });
  });
});

describe('extractText of PowerPoint 97–2003', () => {
  it('reads text atoms inside containers', async () => {
    const chars = utf16('카드 4111 1111 1111 1111');
    const bytes = ascii('cvv 123');
    const atoms = concat(
      concat(u16(0), u16(0x0fa0), u32(chars.length), chars),
      concat(u16(0), u16(0x0fa8), u32(bytes.length), bytes),
    );
    const stream = concat(u16(0x000f), u16(0x03e8), u32(atoms.length), atoms);
    const text = await textOf(buildCompoundFile({ 'PowerPoint Document': stream }), 'old.ppt');
    expect(text).toContain('카드 4111 1111 1111 1111\ncvv 123');
  });
});

describe('damaged compound files', () => {
  it('never throws or hangs when bytes of a document are overwritten', async () => {
    const original = wordFile('Card 4111 1111 1111 1111\r', '카드\r');
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % below;
    };
    for (let round = 0; round < 300; round++) {
      const damaged = original.slice();
      for (let k = 0; k < 8; k++) damaged[random(damaged.length)] = random(256);
      for (const name of ['x.doc', 'x.xls', 'x.ppt', 'x.msg']) {
        const result = await extractText(damaged, name);
        expect(['text', 'unreadable']).toContain(result.status);
      }
    }
  });
});

describe('extractText of Outlook messages', () => {
  const attachment = '__attach_version1.0_#00000000';

  it('reads the subject, the body and attached documents', async () => {
    const msg = buildCompoundFile({
      '__substg1.0_0037001F': utf16('Refund'),
      '__substg1.0_1000001F': utf16('카드번호 4111-1111-1111-1111'),
      [`${attachment}/__substg1.0_3707001F`]: utf16('iban.txt'),
      [`${attachment}/__substg1.0_37010102`]: ascii('IBAN DE89 3704 0044 0532 0130 00'),
    });
    const text = await textOf(msg, 'mail.msg');
    expect(text).toContain('Refund');
    expect(text).toContain('카드번호 4111-1111-1111-1111');
    expect(text).toContain('IBAN DE89 3704 0044 0532 0130 00');
  });

  it('reports a message whose attached document is unreadable as unreadable', async () => {
    const msg = buildCompoundFile({
      '__substg1.0_1000001F': utf16('see attached'),
      [`${attachment}/__substg1.0_3707001F`]: utf16('scan.pdf'),
      [`${attachment}/__substg1.0_37010102`]: ascii('not a pdf'),
    });
    expect(await extractText(msg, 'mail.msg')).toEqual({
      status: 'unreadable',
      reason: 'attachment scan.pdf: not a PDF file',
    });
  });
});
