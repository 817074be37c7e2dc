import { describe, expect, it } from 'vitest';
import { contentFitsExtension, isTextExtension, looksLikeText } from './attachment-type.ts';

describe('content fits the extension', () => {
  it('refuses an executable, whatever name it carries', () => {
    for (const extension of ['pdf', 'txt', 'docx', 'doc', 'xls', 'html', 'png', 'newext']) {
      expect(contentFitsExtension(extension, 'exe')).toBe(false);
      expect(contentFitsExtension(extension, 'elf')).toBe(false);
    }
  });

  it('accepts each family by its own signature', () => {
    expect(contentFitsExtension('pdf', 'pdf')).toBe(true);
    expect(contentFitsExtension('docx', 'docx')).toBe(true);
    expect(contentFitsExtension('xlsb', 'zip')).toBe(true);
    expect(contentFitsExtension('doc', 'cfb')).toBe(true);
    expect(contentFitsExtension('msg', 'cfb')).toBe(true);
    expect(contentFitsExtension('xml', 'xml')).toBe(true);
    expect(contentFitsExtension('txt', undefined)).toBe(true);
    expect(contentFitsExtension('jpeg', 'jpg')).toBe(true);
  });

  it('refuses a signature of another family', () => {
    expect(contentFitsExtension('pdf', undefined)).toBe(false);
    expect(contentFitsExtension('pdf', 'docx')).toBe(false);
    expect(contentFitsExtension('doc', 'msi')).toBe(false);
    expect(contentFitsExtension('txt', 'zip')).toBe(false);
    expect(contentFitsExtension('png', 'jpg')).toBe(false);
  });

  it('takes an admin-added extension it does not know by its own signature or none', () => {
    expect(contentFitsExtension('dwg', undefined)).toBe(true);
    expect(contentFitsExtension('dwg', 'dwg')).toBe(true);
    expect(contentFitsExtension('dwg', 'zip')).toBe(false);
  });

  it('asks plain text to look like text, but not mail, whose parts may be binary', () => {
    expect(isTextExtension('txt')).toBe(true);
    expect(isTextExtension('html')).toBe(true);
    expect(isTextExtension('eml')).toBe(false);
    expect(isTextExtension('pdf')).toBe(false);
  });

  it('reads text as text and binary as not', () => {
    expect(looksLikeText(Uint8Array.from([0xec, 0x95, 0x88, 0x20, 0x68, 0x69]))).toBe(true);
    expect(looksLikeText(Uint8Array.from([0x4d, 0x5a, 0x00, 0x01]))).toBe(false);
    expect(looksLikeText(Uint8Array.from([0xff, 0xfe, 0x41, 0x00]))).toBe(true);
  });
});
