import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CHUNKED_SCAN_WINDOW } from './chunked-scan.ts';
import type { AttachmentSource } from './extract/source.ts';
import { scanAttachment, WHOLE_READ_MAX_BYTES } from './scan-attachment.ts';
import { luhnCheckDigit } from './luhn.ts';

const sheet = (cellText: string): Uint8Array =>
  zipSync({ 'xl/sharedStrings.xml': strToU8(`<sst><si><t>${cellText}</t></si></sst>`) });

describe('scanAttachment', () => {
  it('marks a workbook with a card number as card data', async () => {
    const result = await scanAttachment(sheet('4111 1111 1111 1111'), 'cards.xlsx');
    expect(result.verdict).toBe('card-data');
    expect(result.findings.map((f) => f.type)).toEqual(['CREDIT_CARD']);
  });

  it('marks a workbook without sensitive data as clean', async () => {
    expect(await scanAttachment(sheet('주문번호 1234-5678'), 'orders.xlsx')).toEqual({
      verdict: 'clean',
      findings: [],
    });
  });

  it('marks a text file with a resident registration number as card data', async () => {
    const bytes = new TextEncoder().encode('주민등록번호 900101-1234568');
    expect((await scanAttachment(bytes, 'id.txt')).verdict).toBe('card-data');
  });

  it('marks a file it cannot read as unreadable, never clean', async () => {
    const result = await scanAttachment(Uint8Array.from([1, 2, 3, 4]), 'scan.pdf');
    expect(result).toEqual({ verdict: 'unreadable', findings: [], reason: 'not a PDF file' });
  });
});

/** A source over bytes that records each read, to show the scan never asks for the whole file. */
function recordingSource(bytes: Uint8Array) {
  const reads: number[] = [];
  const source: AttachmentSource = {
    size: bytes.length,
    read(position, length) {
      reads.push(length);
      return Promise.resolve(bytes.subarray(position, Math.min(bytes.length, position + length)));
    },
  };
  return { source, largestRead: () => Math.max(...reads) };
}

const card = '4111 1111 1111 1111';
const readLimit = 64 * 1024 + 22 + 0xffff; // a piece, or the end of a ZIP with its comment

describe('scanAttachment of a file read by position (streamed)', () => {
  it('finds a card number cut by the border between two scan windows, once', async () => {
    for (const shift of [-30, -10, -1, 0, 1, 10]) {
      const before = 'x'.repeat(CHUNKED_SCAN_WINDOW + shift) + ' ';
      const text = before + card + ' ' + 'y'.repeat(3 * CHUNKED_SCAN_WINDOW);
      const { source, largestRead } = recordingSource(new TextEncoder().encode(text));
      const result = await scanAttachment(source, 'notes.txt');
      expect(result.findings).toEqual([
        { type: 'CREDIT_CARD', start: before.length, end: before.length + card.length },
      ]);
      expect(largestRead()).toBeLessThanOrEqual(readLimit);
    }
  });

  it('finds a number that is a card only by a context word in the window before', async () => {
    const number = `12345678901${luhnCheckDigit('12345678901')}`; // no brand: needs "card"
    const text = (word: string) =>
      `${'z'.repeat(CHUNKED_SCAN_WINDOW - 7)} ${word} no ${number} ${'q'.repeat(CHUNKED_SCAN_WINDOW)}`;
    const at = CHUNKED_SCAN_WINDOW + 2; // "card" ends before the border
    expect(text('card').indexOf(number)).toBe(at);
    const scan = async (content: string) =>
      (await scanAttachment(recordingSource(new TextEncoder().encode(content)).source, 'a.txt'))
        .findings;
    expect(await scan(text('card'))).toEqual([
      { type: 'CREDIT_CARD', start: at, end: at + number.length },
    ]);
    expect(await scan(text('note'))).toEqual([]);
  });

  it('finds a card number inside a docx part read entry by entry, in pieces', async () => {
    const filler = Array.from(
      { length: 20_000 },
      (_, k) => `<w:p><w:r><w:t>Paragraph ${k} of the terms.</w:t></w:r></w:p>`,
    ).join('');
    const documentXml = `<w:document><w:body>${filler}<w:p><w:r><w:t>Card: 4111 </w:t></w:r><w:r><w:t>1111 1111 1111</w:t></w:r></w:p>${filler}</w:body></w:document>`;
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/media/image1.bin': [new Uint8Array(2 * 1024 * 1024).fill(7), { level: 0 }],
      'word/document.xml': strToU8(documentXml),
    });
    const { source, largestRead } = recordingSource(docx);
    const result = await scanAttachment(source, 'contract.docx');
    expect(result.verdict).toBe('card-data');
    expect(result.findings.map((f) => f.type)).toEqual(['CREDIT_CARD']);
    expect(largestRead()).toBeLessThanOrEqual(readLimit);
    // The same verdict and findings as the scan of the bytes in memory.
    expect(await scanAttachment(docx, 'contract.docx')).toEqual(result);
  });

  it('reads a text file in EUC-KR (not UTF-8) as a stream, starting over', async () => {
    const euckr = Uint8Array.from([0xc4, 0xab, 0xb5, 0xe5]); // 카드
    const tail = new TextEncoder().encode(` ${card}`);
    const bytes = new Uint8Array(euckr.length + tail.length);
    bytes.set(euckr);
    bytes.set(tail, euckr.length);
    const result = await scanAttachment(recordingSource(bytes).source, 'memo.txt');
    expect(result.verdict).toBe('card-data');
  });

  it('does not read a PDF too large to hold whole: unreadable, for the admin’s policy', async () => {
    const { source, largestRead } = recordingSource(new Uint8Array(WHOLE_READ_MAX_BYTES + 1));
    expect(await scanAttachment(source, 'brochure.pdf')).toEqual({
      verdict: 'unreadable',
      findings: [],
      reason: 'too large to inspect (.pdf over 16 MB)',
    });
    expect(largestRead()).toBe(-Infinity);
  });

  it('does not read a file of a type it cannot inspect', async () => {
    const { source, largestRead } = recordingSource(new Uint8Array(1000));
    expect(await scanAttachment(source, 'photo.png')).toEqual({
      verdict: 'unreadable',
      findings: [],
      reason: 'unsupported file type .png',
    });
    expect(largestRead()).toBe(-Infinity);
  });
});
