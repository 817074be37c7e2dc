import type { Candidate } from './candidate.ts';
import { SEP_DASH, SEP_DOT, SEP_SLASH } from './char-classes.ts';
import { digitsValue, endsFree, groupLength, sepMask, startsFree } from './tokenizer.ts';
import type { DigitRun } from './tokenizer.ts';

const JOINERS = sepMask(SEP_DASH, SEP_DOT, SEP_SLASH);
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/**
 * Finds Korean resident registration numbers (YYMMDD-GNNNNNN) in one digit run. Dashed ones go
 * to `dashed`, unbroken 13-digit ones to `plain` (a card number of 13 digits outranks those).
 */
export function findRrnsInRun(run: DigitRun, dashed: Candidate[], plain: Candidate[]): void {
  if (run.digitCount < 13) return;
  for (let g = 0; g < run.groupCount; g++) {
    if (!startsFree(run, g, JOINERS)) continue;
    const len = groupLength(run, g);
    if (len === 13 && endsFree(run, g, JOINERS)) {
      push(run, g, g, plain, looksLikeTimestamp(run, g));
    } else if (
      len === 6 &&
      g + 1 < run.groupCount &&
      run.sepBefore[g + 1] === SEP_DASH &&
      groupLength(run, g + 1) === 7 &&
      endsFree(run, g + 1, JOINERS)
    ) {
      push(run, g, g + 1, dashed, false);
    }
  }
}

// Unbroken 13-digit numbers from 1000000000000 to 2199999999999 are also millisecond Unix
// timestamps (2001–2039), which logs and links are full of; those need a context word.
function looksLikeTimestamp(run: DigitRun, g: number): boolean {
  const from = run.groupDigitStart[g] ?? 0;
  const lead = digitsValue(run, from, 2);
  return lead >= 10 && lead <= 21;
}

function push(
  run: DigitRun,
  first: number,
  last: number,
  out: Candidate[],
  ambiguous: boolean,
): void {
  const from = run.groupDigitStart[first] ?? 0;
  if (!hasValidDateAndGender(run, from)) return;
  out.push({
    type: 'KR_RRN',
    start: run.groupStart[first] ?? 0,
    end: run.groupEnd[last] ?? 0,
    // Numbers issued since October 2020 carry a random last digit instead of a check digit.
    needsContext: ambiguous || !hasValidCheckDigit(run, from),
  });
}

function hasValidDateAndGender(run: DigitRun, from: number): boolean {
  const gender = run.digits[from + 6] ?? 0;
  if (gender < 1 || gender > 8) return false;
  const century = gender === 3 || gender === 4 || gender === 7 || gender === 8 ? 2000 : 1900;
  const year = century + digitsValue(run, from, 2);
  const month = digitsValue(run, from + 2, 2);
  const day = digitsValue(run, from + 4, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function hasValidCheckDigit(run: DigitRun, from: number): boolean {
  let sum = 0;
  for (let k = 0; k < 12; k++) sum += (run.digits[from + k] ?? 0) * (WEIGHTS[k] ?? 0);
  return (11 - (sum % 11)) % 10 === run.digits[from + 12];
}
