// Test-only helpers: public test card numbers and the ways people write them.
import { luhnCheckDigit } from '../luhn.ts';

/** Public test PANs published by payment providers (Stripe, Adyen, Braintree, PayPal, Worldpay). */
export const TEST_PANS: readonly { brand: string; pan: string }[] = [
  { brand: 'Visa', pan: '4242424242424242' },
  { brand: 'Visa', pan: '4111111111111111' },
  { brand: 'Visa', pan: '4000056655665556' },
  { brand: 'Visa', pan: '4012888888881881' },
  { brand: 'Visa', pan: '4222222222222' },
  { brand: 'Visa', pan: '4917610000000000003' },
  { brand: 'Mastercard', pan: '5555555555554444' },
  { brand: 'Mastercard', pan: '5105105105105100' },
  { brand: 'Mastercard', pan: '2223003122003222' },
  { brand: 'Mastercard', pan: '2221000000000009' },
  { brand: 'Amex', pan: '378282246310005' },
  { brand: 'Amex', pan: '371449635398431' },
  { brand: 'Diners', pan: '36227206271667' },
  { brand: 'Diners', pan: '30569309025904' },
  { brand: 'Diners', pan: '3056930009020004' },
  { brand: 'Discover', pan: '6011111111111117' },
  { brand: 'Discover', pan: '6011000990139424' },
  { brand: 'Discover', pan: '6445644564456445' },
  { brand: 'JCB', pan: '3566002020360505' },
  { brand: 'JCB', pan: '3530111333300000' },
  { brand: 'UnionPay', pan: '6200000000000005' },
  { brand: 'UnionPay', pan: '6243030000000001' },
  { brand: 'Maestro', pan: '6759649826438453' },
  { brand: 'Maestro', pan: '6799990100000000019' },
  { brand: 'Maestro', pan: withCheckDigit('50180000000') },
  { brand: 'Dankort', pan: '5019717010103742' },
  { brand: 'Mir', pan: '2200000000000004' },
];

/** Appends the Luhn check digit. */
export function withCheckDigit(payload: string): string {
  return payload + String(luhnCheckDigit(payload));
}

/** Splits into groups of four joined by `sep` (the last group may be shorter). */
export function grouped(pan: string, sep: string): string {
  return (pan.match(/.{1,4}/g) ?? []).join(sep);
}

/** Replaces ASCII digits with full-width ones (U+FF10–U+FF19). */
export function fullWidth(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
}

/** The ways a customer writes a PAN in a chat or an e-mail. */
export const PAN_FORMATS: Readonly<Record<string, (pan: string) => string>> = {
  plain: (pan) => pan,
  'spaces 4-4-4-4': (pan) => grouped(pan, ' '),
  dashes: (pan) => grouped(pan, '-'),
  dots: (pan) => grouped(pan, '.'),
  'full-width digits': (pan) => fullWidth(grouped(pan, ' ')),
  'a line break': (pan) => splitOnce(grouped(pan, ' '), '\n'),
  'a CRLF line break': (pan) => splitOnce(grouped(pan, '-'), '\r\n'),
};

// Replaces the separator in the middle of a grouped PAN with a line break.
function splitOnce(groupedPan: string, lineBreak: string): string {
  const at = groupedPan.indexOf(groupedPan[4] ?? ' ', groupedPan.length / 2 - 3);
  return groupedPan.slice(0, at) + lineBreak + groupedPan.slice(at + 1);
}
