export type { Finding, FindingType } from './types.ts';
export { FINDING_TYPES } from './types.ts';
export { scanText } from './scan.ts';
export { applyRedaction, redactText, summarizeFindings } from './redact.ts';
export { BRAND_RANGES, brandOf } from './brands.ts';
export type { BrandRange } from './brands.ts';
export { isLuhnValid, luhnCheckDigit } from './luhn.ts';
