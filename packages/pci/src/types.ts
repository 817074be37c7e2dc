/** Kinds of sensitive data the scanner reports. */
export type FindingType = 'CREDIT_CARD' | 'CARD_EXPIRY' | 'CARD_CVV' | 'KR_RRN' | 'US_SSN' | 'IBAN';

/** One detected secret: `start`/`end` are UTF-16 offsets into the scanned text, end exclusive. */
export interface Finding {
  type: FindingType;
  start: number;
  end: number;
}

/** Every finding type, in a stable order (for counters and reports). */
export const FINDING_TYPES: readonly FindingType[] = [
  'CREDIT_CARD',
  'CARD_EXPIRY',
  'CARD_CVV',
  'KR_RRN',
  'US_SSN',
  'IBAN',
];
