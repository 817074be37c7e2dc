import { wordList } from './context-words.ts';

// Words are matched case-insensitively; a trailing `$` means the word must end there.

/** Words that make a nearby 3–4 digit number a CVV or an MM/YY an expiry date. */
export const CARD_DETAIL_WORDS = wordList([
  'exp$',
  'expir',
  'valid thru',
  'valid through',
  'good thru',
  'cvv',
  'cvc',
  'cid$',
  'security code',
  'card',
  '유효기간',
  '유효 기간',
  '만료',
  '보안코드',
  '보안 코드',
  '카드',
]);

/**
 * Words that say a number is a payment card: near a Luhn-valid number of any prefix they make it
 * one, and they override the negative words below.
 */
export const CARD_WORDS = wordList([
  'card',
  'visa',
  'mastercard',
  'amex',
  'pan$',
  'credit',
  'debit',
  'cc$',
  'cvv',
  'cvc',
  '카드',
  '신용',
  '결제',
]);

/** Labels of numbers that are Luhn-valid by accident or by design but are not cards. */
export const NOT_CARD_WORDS = wordList([
  'imei',
  'meid',
  'iccid',
  'serial',
  's/n',
  'sn$',
  '단말기',
  '일련번호',
  'order',
  'tracking',
  'track$',
  'invoice',
  'inv$',
  'ref$',
  'ref.',
  'ref#',
  'reference',
  'ticket',
  'booking',
  'parcel',
  'shipment',
  'waybill',
  'fedex',
  'usps',
  'ups$',
  'dhl$',
  'isbn',
  'tel$',
  'tel.',
  'phone',
  'mobile',
  'fax',
  '주문',
  '송장',
  '운송장',
  '배송',
  '택배',
  '예약',
  '접수',
  '계좌',
  '은행',
  '입금',
  // Payment, approval and transaction numbers of a card payment are not its PAN.
  '결제번호',
  '결제 번호',
  '승인번호',
  '승인 번호',
  '거래번호',
  '거래 번호',
  'bank',
  'acct',
  '전화',
  '휴대폰',
  '연락처',
]);

/** Words that confirm a Korean resident registration number. */
export const RRN_WORDS = wordList(['주민', 'rrn$', 'resident registration']);

/** Words that confirm a US social security number. */
export const SSN_WORDS = wordList(['ssn$', 'social security', 'ss#', '사회보장']);
