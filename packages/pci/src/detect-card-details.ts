import type { Candidate } from './candidate.ts';
import { isDigitCode, SEP_DASH, SEP_DOT, SEP_SLASH } from './char-classes.ts';
import { digitsValue, endsFree, groupLength, sepMask, startsFree } from './tokenizer.ts';
import type { DigitRun } from './tokenizer.ts';

const JOINERS = sepMask(SEP_DASH, SEP_DOT, SEP_SLASH);
const COMMA = 0x2c;

// A number right after a currency sign or "#", or right before a unit (원, 개, %, …), is an
// amount, a count or a reference, never a CVV.
const NOT_BEFORE_CVV = new Set(Array.from('$₩€£¥#+', (ch) => ch.charCodeAt(0)));
const NOT_AFTER_CVV = new Set(
  Array.from('원년월일시분초개건명번호층회차살세점장주배권대통쪽페만천억%:~', (ch) =>
    ch.charCodeAt(0),
  ),
);

/**
 * Collects expiry dates (MM/YY, MM/YYYY, MM-YY) and CVV-shaped numbers (3–4 digits standing
 * alone) from one digit run, in text order. Each needs card context before it is reported.
 */
export function findCardDetailsInRun(text: string, run: DigitRun, out: Candidate[]): void {
  for (let g = 0; g < run.groupCount; g++) {
    if (!startsFree(run, g, JOINERS)) continue;
    if (isExpiryAt(run, g)) {
      out.push({
        type: 'CARD_EXPIRY',
        start: run.groupStart[g] ?? 0,
        end: run.groupEnd[g + 1] ?? 0,
        needsContext: true,
      });
      g++;
      continue;
    }
    const len = groupLength(run, g);
    if ((len === 3 || len === 4) && endsFree(run, g, JOINERS) && isStandaloneCvv(text, run, g)) {
      out.push({
        type: 'CARD_CVV',
        start: run.groupStart[g] ?? 0,
        end: run.groupEnd[g] ?? 0,
        needsContext: true,
      });
    }
  }
}

function isExpiryAt(run: DigitRun, g: number): boolean {
  if (g + 1 >= run.groupCount) return false;
  const sep = run.sepBefore[g + 1];
  if (sep !== SEP_SLASH && sep !== SEP_DASH) return false;
  const monthLength = groupLength(run, g);
  const yearLength = groupLength(run, g + 1);
  if (monthLength > 2 || (yearLength !== 2 && yearLength !== 4)) return false;
  if (!endsFree(run, g + 1, JOINERS)) return false;
  const month = digitsValue(run, run.groupDigitStart[g] ?? 0, monthLength);
  if (month < 1 || month > 12) return false;
  if (yearLength === 2) return true;
  const century = digitsValue(run, run.groupDigitStart[g + 1] ?? 0, 2);
  return century === 20;
}

function isStandaloneCvv(text: string, run: DigitRun, g: number): boolean {
  if (g === 0) {
    if (NOT_BEFORE_CVV.has(run.charBefore)) return false;
    // "1,250": a thousands group.
    const start = run.groupStart[0] ?? 0;
    if (run.charBefore === COMMA && isDigitCode(text.charCodeAt(start - 2))) return false;
  }
  if (g === run.groupCount - 1) {
    if (NOT_AFTER_CVV.has(run.charAfter)) return false;
    const end = run.groupEnd[g] ?? 0;
    if (run.charAfter === COMMA && isDigitCode(text.charCodeAt(end + 1))) return false;
  }
  return true;
}
