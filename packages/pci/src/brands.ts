/** One issuer range: PANs whose first `prefixDigits` digits lie in [from, to] and whose length is listed. */
export interface BrandRange {
  brand: string;
  prefixDigits: number;
  from: number;
  to: number;
  lengths: readonly number[];
}

const range = (lengthFrom: number, lengthTo: number): number[] =>
  Array.from({ length: lengthTo - lengthFrom + 1 }, (_, k) => lengthFrom + k);

/**
 * Issuer prefixes and PAN lengths of the card brands we detect (ISO/IEC 7812 IIN ranges). A number
 * in these ranges is a card wherever it stands; any other Luhn-valid number needs a card word
 * nearby. `from`/`to` are numbers, so the prefix 0604 is written 604.
 */
export const BRAND_RANGES: readonly BrandRange[] = [
  { brand: 'Visa', prefixDigits: 1, from: 4, to: 4, lengths: [13, 16, 19] },
  { brand: 'Mastercard', prefixDigits: 2, from: 51, to: 55, lengths: [16] },
  { brand: 'Mastercard', prefixDigits: 4, from: 2221, to: 2720, lengths: [16] },
  { brand: 'Amex', prefixDigits: 2, from: 34, to: 34, lengths: [15] },
  { brand: 'Amex', prefixDigits: 2, from: 37, to: 37, lengths: [15] },
  { brand: 'Diners', prefixDigits: 3, from: 300, to: 305, lengths: [14, 16] },
  { brand: 'Diners', prefixDigits: 4, from: 3095, to: 3095, lengths: [14, 16] },
  { brand: 'Diners', prefixDigits: 2, from: 36, to: 36, lengths: [14, 16] },
  { brand: 'Diners', prefixDigits: 2, from: 38, to: 39, lengths: [14, 16] },
  { brand: 'Discover', prefixDigits: 4, from: 6011, to: 6011, lengths: range(16, 19) },
  { brand: 'Discover', prefixDigits: 3, from: 644, to: 649, lengths: range(16, 19) },
  { brand: 'Discover', prefixDigits: 2, from: 65, to: 65, lengths: range(16, 19) },
  { brand: 'Discover', prefixDigits: 6, from: 622126, to: 622925, lengths: range(16, 19) },
  { brand: 'JCB', prefixDigits: 4, from: 3528, to: 3589, lengths: range(16, 19) },
  // JCB's older 15-digit ranges, still issued in Japan.
  { brand: 'JCB', prefixDigits: 4, from: 1800, to: 1800, lengths: [15] },
  { brand: 'JCB', prefixDigits: 4, from: 2131, to: 2131, lengths: [15] },
  { brand: 'UnionPay', prefixDigits: 2, from: 62, to: 62, lengths: range(16, 19) },
  // Dankort sits inside Maestro's 50 range; listed first so it is named correctly.
  { brand: 'Dankort', prefixDigits: 4, from: 5019, to: 5019, lengths: [16] },
  // 50xx holds 5018, 5020 and 5038; 56–69 holds 6304 (Laser), 6759 and 676x (UK Maestro).
  { brand: 'Maestro', prefixDigits: 2, from: 50, to: 50, lengths: range(12, 19) },
  { brand: 'Maestro', prefixDigits: 2, from: 56, to: 69, lengths: range(12, 19) },
  { brand: 'Maestro', prefixDigits: 4, from: 604, to: 604, lengths: range(12, 19) },
  { brand: 'Mir', prefixDigits: 4, from: 2200, to: 2204, lengths: range(16, 19) },
  { brand: 'Troy', prefixDigits: 4, from: 9792, to: 9792, lengths: [16] },
];

/** Shortest PAN of any brand (Maestro). */
export const MIN_PAN_LENGTH = 12;
/** Longest PAN of any brand. */
export const MAX_PAN_LENGTH = 19;

// Lengths are checked before prefixes: most digit windows fail on length alone.
const lengthsInUse = new Set(BRAND_RANGES.flatMap((r) => r.lengths));
const prefixScratch = new Int32Array(7);

/**
 * Brand of a PAN given its digit values, or undefined when no issuer range has this prefix and
 * length. `digits[from .. from+length)` holds the PAN.
 */
export function brandOf(
  digits: ArrayLike<number>,
  from: number,
  length: number,
): string | undefined {
  if (!lengthsInUse.has(length)) return undefined;
  let value = 0;
  for (let k = 1; k <= 6; k++) {
    value = value * 10 + (digits[from + k - 1] ?? 0);
    prefixScratch[k] = value;
  }
  for (const r of BRAND_RANGES) {
    const prefix = prefixScratch[r.prefixDigits] ?? -1;
    if (prefix >= r.from && prefix <= r.to && r.lengths.includes(length)) return r.brand;
  }
  return undefined;
}
