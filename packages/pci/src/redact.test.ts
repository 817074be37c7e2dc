import { describe, expect, it } from 'vitest';
import { applyRedaction, redactText, summarizeFindings } from './redact.ts';

describe('redactText', () => {
  it.each([
    ['4111 1111 1111 1111', '**** **** **** 1111'],
    ['4111-1111-1111-1111', '****-****-****-1111'],
    ['4111111111111111', '************1111'],
    ['3782 822463 10005', '**** ****** *0005'],
    ['4111 1111\n1111 1111', '**** ****\n**** 1111'],
    ['４１１１ １１１１ １１１１ １１１１', '**** **** **** １１１１'],
    ['4111\u202f1111\u202f1111\u202f1111', '****\u202f****\u202f****\u202f1111'],
  ])('keeps only the last four digits of the card %j', (input, masked) => {
    expect(redactText(`card ${input} ok`).text).toBe(`card ${masked} ok`);
  });

  it('masks every digit of a 19-digit number whose last group could be a CVV', () => {
    expect(redactText('4917 6100 0000 0000 003').text).toBe('**** **** **** **** ***');
  });

  it('masks other secrets whole but keeps their separators', () => {
    const { text } = redactText(
      'exp 12/27 cvv 123, SSN 123-45-6789, IBAN GB82 WEST 1234 5698 7654 32',
    );
    expect(text).toBe('exp **/** cvv ***, SSN ***-**-****, IBAN **** **** **** **** **** **');
  });

  it('returns the text unchanged when nothing is found', () => {
    const text = '주문번호 1234-5678 확인 부탁드립니다';
    expect(redactText(text)).toEqual({ text, findings: [] });
  });

  it('masks findings it is given without scanning again', () => {
    expect(applyRedaction('a 123 b', [{ type: 'CARD_CVV', start: 2, end: 5 }])).toBe('a *** b');
  });
});

describe('summarizeFindings', () => {
  it('counts findings per type and lists every type', () => {
    const { findings } = redactText('4111111111111111 and 5555555555554444, cvv 123');
    expect(summarizeFindings(findings)).toEqual({
      CREDIT_CARD: 2,
      CARD_EXPIRY: 0,
      CARD_CVV: 1,
      KR_RRN: 0,
      US_SSN: 0,
      IBAN: 0,
    });
  });
});
