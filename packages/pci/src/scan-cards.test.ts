import { describe, expect, it } from 'vitest';
import { brandOf } from './brands.ts';
import { isLuhnValid } from './luhn.ts';
import { scanText } from './scan.ts';
import { grouped, PAN_FORMATS, TEST_PANS, withCheckDigit } from './testing/cards.ts';

const digitsOf = (pan: string): number[] => Array.from(pan, Number);
const cardsIn = (text: string) => scanText(text).filter((f) => f.type === 'CREDIT_CARD');
const spanOf = (text: string, part: string) => {
  const start = text.indexOf(part);
  return { type: 'CREDIT_CARD', start, end: start + part.length };
};

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

describe('issuer ranges found without any context', () => {
  it.each([
    ['JCB 1800', withCheckDigit('18001607042045')],
    ['JCB 2131', withCheckDigit('21310000000000')],
  ])('%s: a 15-digit number is a JCB card', (_name, pan) => {
    expect(brandOf(digitsOf(pan), 0, 15)).toBe('JCB');
    const text = `Here: ${grouped(pan, ' ')}, thanks`;
    expect(cardsIn(text)).toEqual([spanOf(text, grouped(pan, ' '))]);
    const korean = `이거요 ${pan} 감사합니다`;
    expect(cardsIn(korean)).toEqual([spanOf(korean, pan)]);
  });

  const maestro = ['0604', '5018', '5020', '5038', '6304', '6759', '6761', '6763'].flatMap(
    (prefix) =>
      [12, 13, 14, 15, 16, 17, 18, 19].map((length) => ({
        prefix,
        length,
        pan: withCheckDigit(prefix + '1234567890123456'.slice(0, length - 5)),
      })),
  );

  it.each(maestro)('Maestro $prefix with $length digits', ({ pan, length }) => {
    expect(brandOf(digitsOf(pan), 0, length)).toBe('Maestro');
    const text = `use ${grouped(pan, '-')} please`;
    expect(cardsIn(text)).toEqual([spanOf(text, grouped(pan, '-'))]);
  });
});

describe('a card must span the whole grouped number', () => {
  // 4991-6096-1450-8529 fails Luhn, but its last three groups are a valid 12-digit Maestro.
  const reference = '4991-6096-1450-8529';

  it.each([
    ['a labelled reference', `reference ${reference}`],
    ['an unlabelled number', `the code is ${reference}`],
    ['a number near a card word', `my card shows ${reference} on the back`],
    ['spaces', `card ${reference.replaceAll('-', ' ')}`],
    ['a Korean reference', `참조번호 ${reference} 입니다`],
    ['a Korean number near 카드', `카드 뒷면에 ${reference} 라고 적혀 있어요`],
  ])('ignores a valid 12-digit window inside %s', (_name, text) => {
    expect(cardsIn(text)).toEqual([]);
  });

  it('ignores a valid 16-digit window inside a 20-digit grouped number', () => {
    expect(cardsIn('code 1234 4111 1111 1111 1111')).toEqual([]);
    expect(cardsIn('코드 4111-1111-1111-1111-1234')).toEqual([]);
  });

  it('still finds a card followed by its CVV or expiry date', () => {
    const text = 'card 4111 1111 1111 1111 123 and 5555 5555 5555 4444 12/27';
    expect(cardsIn(text)).toEqual([
      spanOf(text, '4111 1111 1111 1111'),
      spanOf(text, '5555 5555 5555 4444'),
    ]);
  });

  it('still finds two cards written back to back', () => {
    const text = '4111 1111 1111 1111 5555 5555 5555 4444';
    expect(cardsIn(text).map((f) => [f.start, f.end])).toEqual([
      [0, 19],
      [20, 39],
    ]);
  });

  it('still finds a card that follows a dashed phone number', () => {
    const pan = grouped(withCheckDigit('567820123456789'), ' ');
    const text = `카드 010-1234-5678 ${pan}`;
    expect(cardsIn(text)).toEqual([spanOf(text, pan)]);
  });
});
