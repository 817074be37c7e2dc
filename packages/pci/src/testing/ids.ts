// Test-only builders for Korean resident registration numbers.

const RRN_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/** Completes the first 12 digits of an RRN with its check digit. */
export function rrnWithCheckDigit(first12: string): string {
  let sum = 0;
  for (let k = 0; k < 12; k++) sum += Number(first12[k]) * (RRN_WEIGHTS[k] ?? 0);
  return first12 + String((11 - (sum % 11)) % 10);
}

/** Completes the first 12 digits of an RRN with a wrong check digit. */
export function rrnWithWrongCheckDigit(first12: string): string {
  const right = Number(rrnWithCheckDigit(first12).slice(12));
  return first12 + String((right + 1) % 10);
}

/** Writes a 13-digit RRN as YYMMDD-GNNNNNN. */
export function dashedRrn(rrn: string): string {
  return `${rrn.slice(0, 6)}-${rrn.slice(6)}`;
}
