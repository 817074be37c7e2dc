import { describe, expect, it } from 'vitest';
import { brandOf } from './brands.ts';
import { isLuhnValid } from './luhn.ts';
import { scanText } from './scan.ts';
import { PAN_FORMATS, TEST_PANS } from './testing/cards.ts';

const digitsOf = (pan: string): number[] => Array.from(pan, Number);

describe('public test card numbers', () => {
  it.each(TEST_PANS)('$pan is Luhn-valid and a $brand number', ({ brand, pan }) => {
    const digits = digitsOf(pan);
    expect(isLuhnValid(digits, 0, digits.length)).toBe(true);
    expect(brandOf(digits, 0, digits.length)).toBe(brand);
  });

  const cases = TEST_PANS.flatMap(({ brand, pan }) =>
    Object.entries(PAN_FORMATS).map(([format, write]) => ({
      brand,
      pan,
      format,
      written: write(pan),
    })),
  );

  it.each(cases)('finds the $brand card $pan written with $format', ({ written }) => {
    const text = `Here it is: ${written}, thanks!`;
    const start = text.indexOf(written);
    expect(scanText(text)).toEqual([{ type: 'CREDIT_CARD', start, end: start + written.length }]);
  });

  it.each(cases)('finds the $brand card $pan ($format) inside Korean text', ({ written }) => {
    const text = `카드번호 ${written} 입니다`;
    expect(scanText(text)).toEqual([{ type: 'CREDIT_CARD', start: 5, end: 5 + written.length }]);
  });
});

describe('card layouts', () => {
  it('finds an Amex card written 4-6-5', () => {
    expect(scanText('amex 3782 822463 10005')).toEqual([
      { type: 'CREDIT_CARD', start: 5, end: 22 },
    ]);
  });

  it('finds a Diners card written 4-6-4 with dashes', () => {
    expect(scanText('3622-720627-1667')).toEqual([{ type: 'CREDIT_CARD', start: 0, end: 16 }]);
  });

  it('finds a card glued to Korean words without spaces', () => {
    const text = '카드번호4111111111111111입니다';
    expect(scanText(text)).toEqual([{ type: 'CREDIT_CARD', start: 4, end: 20 }]);
  });

  it('finds a card that follows a phone number on the same line', () => {
    const text = 'call 010-1234-5678 4111 1111 1111 1111';
    expect(scanText(text)).toEqual([{ type: 'CREDIT_CARD', start: 19, end: 38 }]);
  });

  it('finds a 13-digit Visa even though 13-digit timestamps are ignored', () => {
    expect(scanText('old visa 4222222222222')).toEqual([
      { type: 'CREDIT_CARD', start: 9, end: 22 },
    ]);
  });

  it('finds a card labelled as an order payment when a card word stands between', () => {
    const text = 'order paid with card 4111 1111 1111 1111';
    expect(scanText(text)).toHaveLength(1);
  });

  it('finds two cards in one message', () => {
    const text = '4111111111111111 or 5555 5555 5555 4444';
    expect(scanText(text).map((f) => f.start)).toEqual([0, 20]);
  });
});
