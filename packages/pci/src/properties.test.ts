import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRAND_RANGES } from './brands.ts';
import { redactText } from './redact.ts';
import { scanText } from './scan.ts';
import { fullWidth, grouped, withCheckDigit } from './testing/cards.ts';

// A PAN of a known brand: a prefix from the brand table, random digits, the Luhn check digit.
const panArb = fc
  .constantFrom(...BRAND_RANGES)
  .chain((r) =>
    fc.record({
      prefix: fc
        .integer({ min: r.from, max: r.to })
        .map((p) => String(p).padStart(r.prefixDigits, '0')),
      length: fc.constantFrom(...r.lengths),
      body: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 19, maxLength: 19 }),
    }),
  )
  .map(({ prefix, length, body }) => withCheckDigit((prefix + body).slice(0, length - 1)));

const layoutArb = fc.constantFrom(
  (pan: string) => pan,
  (pan: string) => grouped(pan, ' '),
  (pan: string) => grouped(pan, '-'),
);

// Filler text with letters, Korean, punctuation and digits. The PAN is fenced by boundaries that
// hold a character which is neither a digit nor a separator, so it is a number of its own.
const fillerArb = fc.string({
  unit: fc.constantFrom(...'abcXYZ 가나다라카드번호 .,!?:;()"\'\n0123456789'),
  maxLength: 40,
});
const openArb = fc.constantFrom(': ', '(', '카드 ', '번호:', '\n> ', '"');
const closeArb = fc.constantFrom(')', ', ', ' 입니다', '입니다', '!\n', '"');

// A Luhn-valid number of 12–19 digits with any prefix at all, and card words to put before it.
const anyPanArb = fc
  .record({
    length: fc.integer({ min: 12, max: 19 }),
    body: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 18, maxLength: 18 }),
  })
  .map(({ length, body }) => withCheckDigit(body.slice(0, length - 1)));
const cardWordArb = fc.constantFrom(
  'card ',
  'my card number: ',
  'Credit card #',
  'debit card - ',
  'VISA ',
  '카드번호 ',
  '신용카드',
  '결제 카드: ',
);
const anyLayoutArb = fc.constantFrom(
  (pan: string) => pan,
  (pan: string) => grouped(pan, ' '),
  (pan: string) => grouped(pan, '-'),
  (pan: string) => fullWidth(grouped(pan, ' ')),
);
// The exceptions: a Korean 050 phone number, and an unbroken Unix time in ms/µs/ns or
// yyyyMMddHHmm… (a timestamp); see hard-negatives.test.ts.
const isKoreanPersonalNumber = (pan: string): boolean => /^050\d{9}$/.test(pan);
const readsAsTimestamp = (pan: string): boolean =>
  /^1(\d{12}|\d{15}|\d{18})$/.test(pan) ||
  /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d/.test(pan);

const textArb = fc.string({
  unit: fc.constantFrom(...'0123456789 -.\nab가/:'),
  maxLength: 200,
});

describe('properties', () => {
  it('finds every Luhn-valid PAN of a known brand embedded in random text', () => {
    fc.assert(
      fc.property(
        panArb,
        layoutArb,
        fillerArb,
        openArb,
        closeArb,
        fillerArb,
        (pan, layout, before, open, close, after) => {
          const written = layout(pan);
          const text = `${before}${open}${written}${close}${after}`;
          const start = before.length + open.length;
          const findings = scanText(text).filter((f) => f.type === 'CREDIT_CARD');
          expect(findings).toContainEqual({
            type: 'CREDIT_CARD',
            start,
            end: start + written.length,
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds every Luhn-valid 12–19 digit number after a card word, whatever its prefix', () => {
    fc.assert(
      fc.property(
        anyPanArb,
        anyLayoutArb,
        fillerArb,
        cardWordArb,
        closeArb,
        fillerArb,
        (pan, layout, before, cardWord, close, after) => {
          const written = layout(pan);
          fc.pre(!isKoreanPersonalNumber(pan) && (written !== pan || !readsAsTimestamp(pan)));
          const text = `${before} ${cardWord}${written}${close}${after}`;
          const start = before.length + 1 + cardWord.length;
          const findings = scanText(text).filter((f) => f.type === 'CREDIT_CARD');
          expect(findings).toContainEqual({
            type: 'CREDIT_CARD',
            start,
            end: start + written.length,
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never changes text outside the findings and keeps the length', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const { text: redacted, findings } = redactText(text);
        expect(redacted).toHaveLength(text.length);
        const inside = new Uint8Array(text.length);
        for (const f of findings) inside.fill(1, f.start, f.end);
        for (let k = 0; k < text.length; k++) {
          if (inside[k] === 0) expect(redacted[k]).toBe(text[k]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reports findings sorted, inside the text and never overlapping', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        let last = 0;
        for (const f of scanText(text)) {
          expect(f.start).toBeGreaterThanOrEqual(last);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          last = f.end;
        }
      }),
    );
  });

  it('scans a 1 MB run of card-shaped groups joined by single spaces', () => {
    const text = '4111 1111 1111 1111 '.repeat(52_429);
    expect(scanText(text).length).toBeGreaterThan(0);
  });

  it('scans 1 MB of random digits and separators', () => {
    const alphabet = '0123456789012345678901234567890123456789 -.\n';
    let seed = 42;
    const chars: string[] = [];
    for (let k = 0; k < 1 << 20; k++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      chars.push(alphabet[seed % alphabet.length] ?? '0');
    }
    const text = chars.join('');
    expect(Array.isArray(scanText(text))).toBe(true);
    expect(redactText(text).text).toHaveLength(text.length);
  });
});
