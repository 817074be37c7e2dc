import { MIN_PAN_LENGTH } from './brands.ts';
import { digitValue, isAsciiLetter } from './char-classes.ts';
import { isLuhnValid } from './luhn.ts';
import { scanText } from './scan.ts';
import type { Finding, FindingType } from './types.ts';
import { FINDING_TYPES } from './types.ts';

const MASK = '*';
// PCI DSS allows showing at most the last four digits of a PAN.
const VISIBLE_PAN_DIGITS = 4;

/** Scans `text` and masks every finding; the result has the same length as the input. */
export function redactText(text: string): { text: string; findings: Finding[] } {
  const findings = scanText(text);
  return { text: applyRedaction(text, findings), findings };
}

/**
 * Masks the given findings (sorted, non-overlapping) in `text`: card digits except the last four,
 * every digit and letter of other secrets. Separators stay, so the layout remains readable.
 */
export function applyRedaction(text: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const f of findings) {
    parts.push(text.slice(last, f.start), maskSpan(text, f));
    last = f.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

function maskSpan(text: string, finding: Finding): string {
  const span = text.slice(finding.start, finding.end);
  let keepFrom = Number.POSITIVE_INFINITY;
  if (finding.type === 'CREDIT_CARD') {
    let digits = 0;
    for (let k = 0; k < span.length; k++) if (digitValue(span.charCodeAt(k)) >= 0) digits++;
    keepFrom = mayEndWithCvv(span) ? digits : digits - VISIBLE_PAN_DIGITS;
  }
  let out = '';
  let digitIndex = 0;
  for (let k = 0; k < span.length; k++) {
    const code = span.charCodeAt(k);
    if (digitValue(code) >= 0) {
      out += digitIndex++ >= keepFrom ? span[k] : MASK;
    } else {
      out += isAsciiLetter(code) ? MASK : span[k];
    }
  }
  return out;
}

/**
 * "4111 1111 1111 1111 123" is a 19-digit PAN or a 16-digit PAN followed by its CVV. When both
 * readings are Luhn-valid, showing the "last four" could show the CVV, so nothing is shown. The
 * brand is not asked: next to a card word a PAN of any prefix is a card.
 */
function mayEndWithCvv(span: string): boolean {
  const lastSep = Math.max(span.lastIndexOf(' '), span.lastIndexOf('\n'));
  if (lastSep < 0 || span.length - lastSep - 1 !== 3) return false;
  const digits: number[] = [];
  for (let k = 0; k < lastSep; k++) {
    const value = digitValue(span.charCodeAt(k));
    if (value >= 0) digits.push(value);
  }
  return digits.length >= MIN_PAN_LENGTH && isLuhnValid(digits, 0, digits.length);
}

/** Counts findings per type, for audit events that must never carry the secret itself. */
export function summarizeFindings(findings: readonly Finding[]): Record<FindingType, number> {
  const counts = Object.fromEntries(FINDING_TYPES.map((t) => [t, 0])) as Record<
    FindingType,
    number
  >;
  for (const f of findings) counts[f.type]++;
  return counts;
}
