import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { scanAttachment } from './scan-attachment.ts';

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
