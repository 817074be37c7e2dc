import { describe, expect, it } from 'vitest';
import { scanText } from './scan.ts';

const typesIn = (text: string) => scanText(text).map((f) => f.type);

describe('expiry dates and CVVs', () => {
  it.each([
    ['exp 12/27', ['CARD_EXPIRY']],
    ['Expiry: 01/2029', ['CARD_EXPIRY']],
    ['valid thru 12-27', ['CARD_EXPIRY']],
    ['유효기간 03/29', ['CARD_EXPIRY']],
    ['만료일은 3/28 이에요', ['CARD_EXPIRY']],
    ['CVV 123', ['CARD_CVV']],
    ['cvc2: 987', ['CARD_CVV']],
    ['security code is 4321', ['CARD_CVV']],
    ['보안코드 456', ['CARD_CVV']],
    ['카드 뒷면 CVC는 789입니다', ['CARD_CVV']],
    ['cvv 123, exp 12/27', ['CARD_CVV', 'CARD_EXPIRY']],
  ])('finds the card detail in %j', (text, types) => {
    expect(typesIn(text)).toEqual(types);
  });

  it('finds expiry and CVV typed right after a card number', () => {
    expect(typesIn('4111 1111 1111 1111 12/27 123')).toEqual([
      'CREDIT_CARD',
      'CARD_EXPIRY',
      'CARD_CVV',
    ]);
  });

  it.each([
    'meeting on 12/27 at the office',
    'I bought 123 apples',
    'room 4321, floor 3',
    '카드 결제 금액 1234원',
    '카드 2024년 3월',
    'card fee $125',
    'card payment of $1,250 failed',
    'card limit 250,000 won',
    '카드 포인트 500점 적립',
    '카드 한도 1000만원',
    'exp 13/27',
    'exp 12/1999',
    'expected 123 items',
    'card issued 2024-12-27',
  ])('does not report %j', (text) => {
    expect(typesIn(text)).toEqual([]);
  });
});
