import { isAsciiLetter, isDigitCode } from './char-classes.ts';
import type { Finding } from './types.ts';

/** IBAN length per country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

const SPACE = 0x20;

/**
 * Checks for an IBAN whose check digits start at `digitsAt` (the two letters before it are the
 * country code) and returns it as a finding, or undefined. Single spaces may split the IBAN.
 */
export function ibanAt(text: string, digitsAt: number): Finding | undefined {
  const start = digitsAt - 2;
  if (start < 0) return undefined;
  const c0 = text.charCodeAt(start);
  const c1 = text.charCodeAt(start + 1);
  if (!isAsciiLetter(c0) || !isAsciiLetter(c1)) return undefined;
  if (start > 0 && isAlnum(text.charCodeAt(start - 1))) return undefined;
  const length = IBAN_LENGTHS[String.fromCharCode(c0 & ~0x20, c1 & ~0x20)];
  if (length === undefined || !isDigitCode(text.charCodeAt(start + 3))) return undefined;
  const codes: number[] = [];
  let pos = start;
  while (codes.length < length && pos < text.length) {
    const code = text.charCodeAt(pos);
    if (isAlnum(code)) {
      codes.push(code);
      pos++;
    } else if (code === SPACE && codes.length > 0 && isAlnum(text.charCodeAt(pos + 1))) {
      pos++;
    } else {
      return undefined;
    }
  }
  if (codes.length < length || (pos < text.length && isAlnum(text.charCodeAt(pos)))) {
    return undefined;
  }
  return mod97(codes) === 1 ? { type: 'IBAN', start, end: pos } : undefined;
}

// ISO 13616: move the first four characters to the end, read letters as 10–35, take mod 97.
function mod97(codes: readonly number[]): number {
  let remainder = 0;
  for (let k = 0; k < codes.length; k++) {
    const code = codes[(k + 4) % codes.length] ?? 0;
    const value = isDigitCode(code) ? digitOf(code) : (code | 0x20) - 97 + 10;
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder;
}

function digitOf(code: number): number {
  return code <= 57 ? code - 48 : code - 0xff10;
}

function isAlnum(code: number): boolean {
  return isAsciiLetter(code) || isDigitCode(code);
}
