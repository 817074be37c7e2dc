import { describe, expect, it } from 'vitest';
import { brandOf } from './brands.ts';
import { redactText } from './redact.ts';
import { scanText } from './scan.ts';
import { fullWidth, grouped, withCheckDigit } from './testing/cards.ts';

const cardsIn = (text: string) => scanText(text).filter((f) => f.type === 'CREDIT_CARD');
const spanOf = (text: string, part: string) => {
  const start = text.indexOf(part);
  return { type: 'CREDIT_CARD', start, end: start + part.length };
};
const digitsOf = (pan: string): number[] => Array.from(pan, Number);

// Luhn-valid numbers whose prefix is in no row of the brand table.
const UNBRANDED = [
  '3598899323053410', // 35 but above JCB's 3528–3589
  withCheckDigit('00001234567'), // 12 digits
  withCheckDigit('7123456789012'), // 14 digits
  withCheckDigit('91234567890123'), // 15 digits
  withCheckDigit('812345678901234'), // 16 digits
  withCheckDigit('33123456789012345'), // 18 digits
  withCheckDigit('701234567890123456'), // 19 digits
];

describe('Luhn-valid numbers of any prefix next to a card word', () => {
  it.each(UNBRANDED)('%s has no brand, so only context can make it a card', (pan) => {
    expect(brandOf(digitsOf(pan), 0, pan.length)).toBeUndefined();
    expect(cardsIn(`Here it is: ${pan}, thanks!`)).toEqual([]);
  });

  const sentences: [string, (n: string) => string][] = [
    ['English, word before', (n) => `card number ${n} is lost`],
    ['English, word after', (n) => `Please charge ${n} on my debit card.`],
    ['English, credit', (n) => `credit: ${n}`],
    ['Korean, word before', (n) => `카드번호 ${n} 분실했어요`],
    ['Korean, glued', (n) => `제 신용카드는${n}입니다`],
    ['Korean, payment word', (n) => `결제는 ${n} 로 해주세요`],
  ];
  const layouts: [string, (n: string) => string][] = [
    ['plain', (n) => n],
    ['spaces', (n) => grouped(n, ' ')],
    ['dashes', (n) => grouped(n, '-')],
    ['full-width digits', (n) => fullWidth(grouped(n, ' '))],
    ['a line break', (n) => grouped(n, ' ').replace(' ', '\n')],
  ];
  const cases = UNBRANDED.flatMap((pan) =>
    sentences.flatMap(([sentence, write]) =>
      layouts.map(([layout, lay]) => ({ pan, sentence, layout, written: lay(pan), write })),
    ),
  );

  it.each(cases)('finds $pan ($layout) in: $sentence', ({ written, write }) => {
    const text = write(written);
    expect(cardsIn(text)).toEqual([spanOf(text, written)]);
  });

  it('finds the numbers from the issue that no brand row covers', () => {
    const text = 'my card 180016070420458 and card number 3598899323053410 is lost';
    expect(cardsIn(text)).toEqual([
      spanOf(text, '180016070420458'),
      spanOf(text, '3598899323053410'),
    ]);
  });

  it('keeps the last four digits of such a card when redacting', () => {
    expect(redactText('card 3598 8993 2305 3410').text).toBe('card **** **** **** 3410');
  });

  it('masks every digit when such a 19-digit card could be a 16-digit one and its CVV', () => {
    const pan19 = withCheckDigit(withCheckDigit('712345678901234') + '12');
    expect(redactText(`card ${grouped(pan19, ' ')}`).text).toBe('card **** **** **** **** ***');
  });

  it('needs the card word within 40 characters', () => {
    const far = `card. ${'x'.repeat(40)} 3598899323053410`;
    expect(cardsIn(far)).toEqual([]);
  });

  it('needs a card layout: odd groups next to a card word are phone or account numbers', () => {
    const number = withCheckDigit('821012345678');
    const phone = `${number.slice(0, 2)}-${number.slice(2, 4)}-${number.slice(4, 8)}-${number.slice(8)}`;
    expect(cardsIn(`card company hotline ${phone}`)).toEqual([]);
    expect(cardsIn(`카드사 고객센터 ${phone}`)).toEqual([]);
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
