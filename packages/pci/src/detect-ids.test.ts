import { describe, expect, it } from 'vitest';
import { scanText } from './scan.ts';
import { dashedRrn, rrnWithCheckDigit, rrnWithWrongCheckDigit } from './testing/ids.ts';

const typesIn = (text: string) => scanText(text).map((f) => f.type);
const spanOf = (text: string, part: string) => {
  const start = text.indexOf(part);
  return { start, end: start + part.length };
};

describe('Korean resident registration numbers', () => {
  const valid = rrnWithCheckDigit('900101123456');

  it('finds a dashed RRN with a valid check digit without any context word', () => {
    const text = `제 번호는 ${dashedRrn(valid)} 입니다`;
    expect(scanText(text)).toEqual([{ type: 'KR_RRN', ...spanOf(text, dashedRrn(valid)) }]);
  });

  it('finds an RRN written without a dash', () => {
    expect(typesIn(`번호 ${valid}`)).toEqual(['KR_RRN']);
  });

  it('finds an RRN born after 2000 (gender digit 3 or 4)', () => {
    expect(typesIn(dashedRrn(rrnWithCheckDigit('050315412345')))).toEqual(['KR_RRN']);
  });

  it('ignores a millisecond timestamp that happens to look like an RRN', () => {
    expect(typesIn(`at ${rrnWithCheckDigit('170123412345')}`)).toEqual([]);
  });

  it('finds an RRN in the timestamp range when 주민번호 is nearby', () => {
    expect(typesIn(`주민번호 ${rrnWithCheckDigit('170123412345')}`)).toEqual(['KR_RRN']);
  });

  it('ignores a number with a wrong check digit when nothing says it is an RRN', () => {
    expect(typesIn(dashedRrn(rrnWithWrongCheckDigit('900101123456')))).toEqual([]);
  });

  it('finds a number with a wrong check digit when 주민등록번호 is nearby', () => {
    const text = `주민등록번호: ${dashedRrn(rrnWithWrongCheckDigit('210505312345'))}`;
    expect(typesIn(text)).toEqual(['KR_RRN']);
  });

  it.each([
    ['an impossible date', rrnWithCheckDigit('901332123456')],
    ['February 30th', rrnWithCheckDigit('900230123456')],
    ['gender digit 9', rrnWithCheckDigit('900101923456')],
    ['gender digit 0', rrnWithCheckDigit('900101023456')],
  ])('ignores a number with %s even near 주민번호', (_name, rrn) => {
    expect(typesIn(`주민번호 ${dashedRrn(rrn)}`)).toEqual([]);
  });
});

describe('US social security numbers', () => {
  it.each(['123-45-6789', '123 45 6789', '078-05-1120'])('finds %s', (ssn) => {
    const text = `mine is ${ssn}.`;
    expect(scanText(text)).toEqual([{ type: 'US_SSN', ...spanOf(text, ssn) }]);
  });

  it.each([
    ['area 000', '000-12-3456'],
    ['area 666', '666-12-3456'],
    ['area 9xx', '912-12-3456'],
    ['group 00', '123-00-4567'],
    ['serial 0000', '123-45-0000'],
    ['mixed separators', '123-45 6789'],
  ])('ignores an SSN with %s', (_name, ssn) => {
    expect(typesIn(`SSN ${ssn}`)).toEqual([]);
  });

  it('ignores nine unbroken digits without a context word', () => {
    expect(typesIn('code 123456789')).toEqual([]);
  });

  it('finds nine unbroken digits next to "SSN"', () => {
    expect(typesIn('my SSN is 123456789')).toEqual(['US_SSN']);
  });

  it('finds nine unbroken digits next to "social security"', () => {
    expect(typesIn('social security number 123456789')).toEqual(['US_SSN']);
  });
});

describe('IBANs', () => {
  it.each([
    'DE89 3704 0044 0532 0130 00',
    'GB82 WEST 1234 5698 7654 32',
    'FR14 2004 1010 0505 0001 3M02 606',
    'NL91ABNA0417164300',
    'ES91 2100 0418 4502 0005 1332',
    'IT60X0542811101000000123456',
    'BE68 5390 0754 7034',
    'CH93 0076 2011 6238 5295 7',
    'AT61 1904 3002 3457 3201',
    'PL61 1090 1014 0000 0712 1981 2874',
    'SE45 5000 0000 0583 9825 7466',
    'NO93 8601 1117 947',
    'DK50 0040 0440 1162 43',
    'FI21 1234 5600 0007 85',
    'IE29 AIBK 9311 5212 3456 78',
    'PT50 0002 0123 1234 5678 9015 4',
    'LU28 0019 4006 4475 0000',
  ])('finds the IBAN %s', (iban) => {
    const text = `IBAN: ${iban}, thanks`;
    expect(scanText(text)).toEqual([{ type: 'IBAN', ...spanOf(text, iban) }]);
  });

  it.each([
    ['a wrong check digit', 'DE88 3704 0044 0532 0130 00'],
    ['a missing character', 'DE89 3704 0044 0532 0130 0'],
    ['an extra character', 'DE89370400440532013000X'],
    ['an unknown country', 'ZZ89 3704 0044 0532 0130 00'],
  ])('ignores an IBAN with %s', (_name, iban) => {
    expect(typesIn(iban).filter((t) => t === 'IBAN')).toEqual([]);
  });
});
