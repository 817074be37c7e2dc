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
