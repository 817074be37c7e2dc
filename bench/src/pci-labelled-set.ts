// A labelled set for the PCI scanner: generated card numbers of every brand in every format and
// Luhn-valid numbers of any prefix next to a card word (positives), and numbers that look like
// cards but are not, with and without card words nearby (hard negatives). All of it is generated
// here; nothing is copied from a published data set.
import { BRAND_RANGES, isLuhnValid, luhnCheckDigit } from '@sangdam/pci';

/** One labelled message: `card` holds the span of the PAN it contains, if any. */
export interface LabelledItem {
  kind: string;
  text: string;
  card?: { start: number; end: number };
}

/** Small deterministic PRNG (mulberry32), so every run measures the same set. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digitsOf = (random: () => number, count: number): string =>
  Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** A Luhn-valid number of `length` digits starting with `prefix`. */
export function luhnNumber(random: () => number, prefix: string, length: number): string {
  const payload = prefix + digitsOf(random, length - 1 - prefix.length);
  return payload + String(luhnCheckDigit(payload));
}

const grouped = (pan: string, sep: string): string => (pan.match(/.{1,4}/g) ?? []).join(sep);
const fullWidth = (text: string): string =>
  text.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const FORMATS: Readonly<Record<string, (pan: string) => string>> = {
  plain: (pan) => pan,
  spaces: (pan) => grouped(pan, ' '),
  dashes: (pan) => grouped(pan, '-'),
  dots: (pan) => grouped(pan, '.'),
  'full-width': (pan) => fullWidth(grouped(pan, ' ')),
  'line break': (pan) => grouped(pan, ' ').replace(/ (?=\d{4} \d{4}$|\d{1,4}$)/, '\n'),
};

const SENTENCES: readonly [string, string][] = [
  ['My card number is ', ', please charge it.'],
  ['카드번호 ', ' 입니다'],
  ['', ''],
  ['Here: ', ' (exp soon)'],
  ['결제할 카드는 ', '이고 유효기간은 나중에 알려드릴게요.'],
  ['pls use ', ' thx'],
];

// Sentences with a card word (EN and KO) before or after the number.
const CARD_WORD_SENTENCES: readonly [string, string][] = [
  ['card number ', ' is lost'],
  ['my card ', ' was declined'],
  ['Please charge ', ' on my debit card.'],
  ['credit: ', ''],
  ['카드번호 ', ' 분실했어요'],
  ['제 신용카드는 ', '입니다'],
  ['결제는 ', ' 로 해주세요'],
];

/**
 * A Luhn-valid number of `length` digits with a random prefix, in or out of the brand table. An
 * unbroken one never reads as a timestamp (13/16/19 digits from 1, or yyyyMMdd…), which no card
 * word makes a card.
 */
function anyPrefixPan(random: () => number, length: number, unbroken: boolean): string {
  for (;;) {
    const pan = luhnNumber(random, '', length);
    if (!unbroken || !/^(1|19|20)/.test(pan)) return pan;
  }
}

function positives(random: () => number): LabelledItem[] {
  const items: LabelledItem[] = [];
  for (const range of BRAND_RANGES) {
    for (const length of range.lengths) {
      for (const [format, write] of Object.entries(FORMATS)) {
        for (let k = 0; k < 4; k++) {
          const prefix = String(
            range.from + Math.floor(random() * (range.to - range.from + 1)),
          ).padStart(range.prefixDigits, '0');
          const written = write(luhnNumber(random, prefix, length));
          const [before, after] = pick(random, SENTENCES);
          const start = before.length;
          items.push({
            kind: `${range.brand} ${length} ${format}`,
            text: before + written + after,
            card: { start, end: start + written.length },
          });
        }
      }
    }
  }
  for (let length = 12; length <= 19; length++) {
    for (const [format, write] of Object.entries(FORMATS)) {
      for (let k = 0; k < 6; k++) {
        const written = write(anyPrefixPan(random, length, format === 'plain'));
        const [before, after] = pick(random, CARD_WORD_SENTENCES);
        const start = before.length;
        items.push({
          kind: `any prefix near a card word ${length} ${format}`,
          text: before + written + after,
          card: { start, end: start + written.length },
        });
      }
    }
  }
  for (let k = 0; k < 100; k++) {
    const pan = luhnNumber(random, pick(random, ['34', '37']), 15);
    const written = `${pan.slice(0, 4)} ${pan.slice(4, 10)} ${pan.slice(10)}`;
    items.push({
      kind: 'Amex 4-6-5',
      text: `amex ${written} thanks`,
      card: { start: 5, end: 5 + written.length },
    });
  }
  for (let k = 0; k < 100; k++) {
    const written = grouped(luhnNumber(random, pick(random, ['4', '51', '6011']), 16), ' ');
    const text = `card ${written} 12/27 ${digitsOf(random, 3)}`;
    items.push({ kind: 'with expiry and CVV', text, card: { start: 5, end: 5 + written.length } });
  }
  for (let k = 0; k < 100; k++) {
    const written = luhnNumber(random, pick(random, ['4', '55', '62']), 16);
    const text = `카드번호${written}입니다`;
    items.push({ kind: 'glued to Korean', text, card: { start: 4, end: 4 + written.length } });
  }
  return items;
}

function hexUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => pick(random, [...'0123456789abcdef'])).join('');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

const CARD_PREFIXES = ['4', '51', '37', '6011', '62', '3566', '2221', '36'];

function isLuhnValidString(number: string): boolean {
  const digits = Array.from(number, Number);
  return isLuhnValid(digits, 0, digits.length);
}

function negatives(random: () => number): LabelledItem[] {
  const items: LabelledItem[] = [];
  const add = (kind: string, make: () => string, count: number): void => {
    for (let k = 0; k < count; k++) items.push({ kind, text: make() });
  };
  const cardLike = (length: number): string =>
    luhnNumber(random, pick(random, CARD_PREFIXES), length);
  add('ms timestamp', () => `ts=${luhnNumber(random, '17', 13)} ok`, 150);
  add(
    'ms timestamp',
    () => `created ${String(1_600_000_000_000 + Math.floor(random() * 1e11))}`,
    150,
  );
  add('IMEI', () => `IMEI: ${luhnNumber(random, pick(random, ['35', '37', '86', '01']), 15)}`, 150);
  add('IMEI', () => `단말기 일련번호 ${cardLike(15)} 확인`, 100);
  add('serial', () => `serial no. ${cardLike(16)}`, 100);
  add('order', () => `Order #${cardLike(16)} has shipped`, 150);
  add('order', () => `주문번호 ${cardLike(16)} 배송 문의`, 150);
  add('tracking', () => `tracking number: ${cardLike(pick(random, [12, 14, 16]))}`, 150);
  add('waybill', () => `송장번호: ${grouped(cardLike(16), '-')}`, 100);
  add('invoice', () => `invoice ${cardLike(16)} attached`, 100);
  add('reference', () => `ref: ${cardLike(15)}`, 100);
  add('phone', () => `+82 10-${digitsOf(random, 4)}-${digitsOf(random, 4)}`, 150);
  add('phone', () => `(${digitsOf(random, 3)}) ${digitsOf(random, 3)}-${digitsOf(random, 4)}`, 150);
  add('phone', () => `전화 010-${digitsOf(random, 4)}-${digitsOf(random, 4)} 로 주세요`, 150);
  add('phone', () => `+${cardLike(13)}`, 100);
  add('uuid', () => hexUuid(random), 150);
  add(
    'uuid',
    () => {
      const d = cardLike(16) + digitsOf(random, 16);
      return `id ${d.slice(0, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}-${d.slice(16, 20)}-${d.slice(20)}`;
    },
    150,
  );
  add('long run', () => `${digitsOf(random, 9)}${cardLike(16)}`, 150);
  add('glued to letters', () => `ab${cardLike(16)}`, 100);
  add('glued to letters', () => `${cardLike(16)}xyz`, 100);
  add('decimal', () => `total ${digitsOf(random, 4)}.${digitsOf(random, 4)}`, 100);
  add('decimal', () => `amount ${cardLike(16)}.00`, 100);
  add('decimal', () => `v${cardLike(7)}.${digitsOf(random, 9)}`, 100);
  add('slashes', () => grouped(cardLike(16), '/'), 100);
  add(
    'masked card',
    () => `카드 ${pick(random, ['4111', '5555'])}-****-****-${digitsOf(random, 4)}`,
    100,
  );
  add(
    'ISBN',
    () => `ISBN 979-11-${digitsOf(random, 4)}-${digitsOf(random, 3)}-${digitsOf(random, 1)}`,
    100,
  );
  add(
    'business number',
    () => `사업자번호 ${digitsOf(random, 3)}-${digitsOf(random, 2)}-${digitsOf(random, 5)}`,
    100,
  );
  // Issue 13: a valid window inside a longer grouped number, with and without a card word.
  const innerWindow = (): string => {
    const inner = luhnNumber(random, pick(random, ['6', '50', '58', '3', '9']), 12);
    let whole = digitsOf(random, 4) + inner;
    // Changing one digit changes the Luhn sum, so the whole number is then not valid.
    if (isLuhnValidString(whole)) whole = String((Number(whole[0]) + 1) % 10) + whole.slice(1);
    return grouped(whole, pick(random, ['-', ' ']));
  };
  add('valid window inside a grouped number', () => `reference ${innerWindow()}`, 150);
  add('valid window inside a grouped number', () => `the code is ${innerWindow()}`, 150);
  add(
    'valid window inside a grouped number',
    () => `my card shows ${innerWindow()} on the back`,
    150,
  );
  add(
    'valid window inside a grouped number',
    () => `카드 뒷면에 ${innerWindow()} 라고 적혀 있어요`,
    150,
  );
  add(
    'valid window inside a grouped number',
    () => `code ${grouped(digitsOf(random, 4) + cardLike(16), pick(random, ['-', ' ']))}`,
    100,
  );
  // Numbers of no brand, with no card word nearby.
  const unbranded = (length: number): string =>
    luhnNumber(random, pick(random, ['0', '7', '8', '9', '33']), length);
  add('no brand, no card word', () => `Your code is ${unbranded(16)}.`, 100);
  add(
    'no brand, no card word',
    () => `번호는 ${grouped(unbranded(pick(random, [12, 16])), ' ')} 입니다`,
    100,
  );
  add('no brand, no card word', () => `order number ${unbranded(16)}`, 100);
  // Hard negatives with a card word nearby.
  // yyyyMMddHHmm, then seconds (and milliseconds) ending in the Luhn check digit.
  const dateTime = (): string => {
    const part = (from: number, count: number): string =>
      String(from + Math.floor(random() * count)).padStart(2, '0');
    const minute = `${2020 + Math.floor(random() * 7)}${part(1, 12)}${part(1, 28)}${part(0, 24)}${part(0, 60)}`;
    return luhnNumber(random, minute + String(Math.floor(random() * 6)), pick(random, [14, 17]));
  };
  add('timestamp near a card word', () => `card declined at ${luhnNumber(random, '17', 13)}`, 100);
  add(
    'timestamp near a card word',
    () => `card payment logged ${luhnNumber(random, '17', 16)}`,
    100,
  );
  add('timestamp near a card word', () => `카드 결제 시각 ${luhnNumber(random, '17', 13)}`, 100);
  add('timestamp near a card word', () => `카드 승인 일시 ${dateTime()}`, 100);
  add('timestamp near a card word', () => `card charged on ${dateTime()}`, 100);
  add(
    'IMEI near a card word',
    () => `my card reader's IMEI is ${luhnNumber(random, '35', 15)}`,
    100,
  );
  add('IMEI near a card word', () => `카드 단말기 IMEI ${luhnNumber(random, '86', 15)}`, 100);
  add(
    'order near a card word',
    () => `my card was charged twice, order number ${unbranded(16)}`,
    100,
  );
  add('order near a card word', () => `card charged for order #${cardLike(16)}`, 100);
  add('order near a card word', () => `카드로 결제한 주문번호 ${unbranded(16)} 취소해주세요`, 100);
  add(
    'tracking near a card word',
    () => `new card shipped, tracking number ${unbranded(pick(random, [12, 15]))}`,
    100,
  );
  add('tracking near a card word', () => `카드 배송 송장번호 ${grouped(unbranded(12), '-')}`, 100);
  const oddPhone = (): string => {
    const n = luhnNumber(random, '8210', 12);
    return `${n.slice(0, 2)}-${n.slice(2, 4)}-${n.slice(4, 8)}-${n.slice(8)}`;
  };
  add('phone near a card word', () => `card company hotline ${oddPhone()}`, 100);
  add('phone near a card word', () => `카드 분실 신고 전화 ${luhnNumber(random, '8210', 12)}`, 100);
  add('phone near a card word', () => `card lost, call +${luhnNumber(random, '8210', 13)}`, 100);
  add(
    'phone near a card word',
    () =>
      `카드 분실은 ${grouped(luhnNumber(random, pick(random, ['0502', '0505', '0507']), 12), '-')} 로`,
    100,
  );
  add('payment number near a card word', () => `카드 결제번호 ${unbranded(16)}`, 100);
  add('payment number near a card word', () => `카드 승인 번호: ${unbranded(12)}`, 100);
  add('tracking near a card word', () => `new card shipped via FedEx ${unbranded(12)}`, 100);
  add('tracking near a card word', () => `카드 택배 ${unbranded(12)} 로 보냈어요`, 100);
  add('IBAN', () => 'IBAN GB82 WEST 1234 5698 7654 32', 20);
  add(
    'time and amount',
    () => `at 10:${digitsOf(random, 2)} paid ₩${digitsOf(random, 2)},${digitsOf(random, 3)}`,
    100,
  );
  add(
    'date',
    () => `2024-${digitsOf(random, 2)}-${digitsOf(random, 2)} 10:${digitsOf(random, 2)}`,
    100,
  );
  return items;
}

/** The whole labelled set, the same on every run. */
export function buildLabelledSet(): LabelledItem[] {
  const random = makeRandom(20_261_124);
  return [...positives(random), ...negatives(random)];
}
