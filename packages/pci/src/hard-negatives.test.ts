import { describe, expect, it } from 'vitest';
import { scanText } from './scan.ts';
import { grouped, withCheckDigit } from './testing/cards.ts';

const cardsIn = (text: string) => scanText(text).filter((f) => f.type === 'CREDIT_CARD');

describe('numbers that are not cards', () => {
  it.each([
    ['a Luhn-valid 13-digit millisecond timestamp', `at ${withCheckDigit('170000000000')} ms`],
    ['a 13-digit timestamp', 'created 1700000000000'],
    ['an Amex-shaped IMEI', `IMEI: ${withCheckDigit('37123456789012')}`],
    ['a device serial number', `단말기 일련번호 ${withCheckDigit('601112345678901')}`],
    ['a serial number', `serial no. ${withCheckDigit('535512345678901')}`],
    ['an order number', `Order #${withCheckDigit('411112345678901')} shipped`],
    ['a tracking number', `tracking number: ${withCheckDigit('622012345678901')}`],
    ['a Korean order number', `주문번호 ${withCheckDigit('510012345678901')}`],
    ['a waybill (송장) number', `송장번호: ${withCheckDigit('620012345678901')}`],
    ['an invoice number', `invoice ${withCheckDigit('356612345678901')}`],
    ['a reference', `ref: ${withCheckDigit('37828224631000')}`],
    [
      'a Korean bank account number',
      `입금 계좌: 국민은행 ${withCheckDigit('6123450112345').replace(/^(\d{6})(\d{2})/, '$1-$2-')}`,
    ],
    ['a Korean mobile number in international form', '+82 10-1234-5678'],
    ['a US phone number', 'call (555) 123-4567'],
    ['an international phone number that is Luhn-valid', `+${withCheckDigit('6011111111111')}`],
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['a UUID made of digits only', 'id 12345678-4111-1111-1111-111111111111'],
    ['a PAN inside a 25-digit run', `123456789${'4111111111111111'}`],
    ['a PAN glued to letters', 'abc4111111111111111 x4111111111111111y 4111111111111111abc'],
    ['a decimal amount', 'total 1234.5678'],
    ['a PAN-valued decimal amount', 'total 4111111111111111.00'],
    ['a fraction after a decimal point', 'ratio 0.4111111111111111'],
    ['dotted groups that are not card-shaped', 'v4111111.111111111 and 4111111.111111111'],
    ['digits joined by slashes', '4111/1111/1111/1111'],
    [
      'a number followed by a phone number',
      `5678 010-1234-${withCheckDigit('56780101234567').slice(-4)}`,
    ],
  ])('ignores %s', (_name, text) => {
    expect(cardsIn(text)).toEqual([]);
  });

  // Luhn-valid numbers in no brand range: only a card word nearby could make them cards.
  const unbranded16 = withCheckDigit('712345678901234');
  const unbranded12 = withCheckDigit('81234567890');

  it.each([
    ['a ms timestamp', `card declined at ${withCheckDigit('171234567890')}`],
    ['a µs timestamp', `card payment logged ${withCheckDigit('171234567890123')}`],
    ['a ns timestamp', `visa auth ts ${withCheckDigit('171234567890123456')}`],
    ['a Korean ms timestamp', `카드 결제 시각 ${withCheckDigit('171234567890')}`],
    ['a compact date-time', `card charged ${withCheckDigit('2024113010304')}`],
    ['a Korean compact date-time', `카드 승인 일시 ${withCheckDigit('20241130103045123')}`],
    ['an IMEI', `my card reader's IMEI is ${withCheckDigit('35693803564380')}`],
    ['a Korean IMEI', `카드 단말기 IMEI ${withCheckDigit('86123456789012')}`],
    ['an order number', `my card was charged twice, order number ${unbranded16}`],
    [
      'an order number of a known brand',
      `card charged twice for order #${withCheckDigit('411112345678901')}`,
    ],
    ['a Korean order number', `카드로 결제한 주문번호 ${unbranded16} 취소해주세요`],
    ['a tracking number', `new card shipped, tracking number ${unbranded12}`],
    ['a Korean waybill number', `카드 배송 송장번호 ${unbranded12}`],
    ['a phone number', `card lost, call +${withCheckDigit('8210123456789')}`],
    ['a Korean phone number', `카드 분실 신고 전화 ${withCheckDigit('82101234567')}`],
    ['a reference number', `card refund ref: ${grouped(unbranded16, '-')}`],
    ['a FedEx tracking number', `new card shipped via FedEx ${unbranded12}`],
    ['a Korean parcel number', `카드 택배 ${unbranded12} 로 보냈어요`],
    ['a Korean payment number', `카드 결제번호 ${unbranded16}`],
    ['a Korean approval number', `카드 승인 번호: ${unbranded12}`],
    ['a Korean transaction number', `결제 거래번호 ${grouped(unbranded16, ' ')}`],
    ['a Korean 050 phone number', `카드 분실은 ${grouped(withCheckDigit('05051234567'), '-')} 로`],
  ])('ignores %s even near a card word', (_name, text) => {
    expect(cardsIn(text)).toEqual([]);
  });

  it.each([
    ['an order number', `order number ${unbranded16}`],
    ['a Korean order number', `주문 번호 ${grouped(unbranded16, '-')}`],
    ['a grouped number', `${grouped(unbranded16, ' ')}`],
    ['a Korean number', `번호는 ${unbranded12} 입니다`],
  ])('ignores %s of no known brand with no card word nearby', (_name, text) => {
    expect(cardsIn(text)).toEqual([]);
  });

  it('ignores an IMEI even when a SIM card is mentioned after it', () => {
    expect(cardsIn(`IMEI ${withCheckDigit('37123456789012')} (SIM card inside)`)).toEqual([]);
  });
});
