import type { Candidate } from './candidate.ts';
import { SEP_DASH, SEP_DOT, SEP_SLASH, SEP_SPACE } from './char-classes.ts';
import { digitsValue, endsFree, groupLength, sepMask, startsFree } from './tokenizer.ts';
import type { DigitRun } from './tokenizer.ts';

const JOINERS = sepMask(SEP_DASH, SEP_DOT, SEP_SLASH);
const PLUS = 0x2b;

/**
 * Finds US social security numbers (AAA-GG-SSSS, dashes or spaces) in one digit run. Nine
 * unbroken digits, or a group pattern inside a longer run, need "SSN" or similar nearby.
 */
export function findSsnsInRun(run: DigitRun, out: Candidate[]): void {
  if (run.digitCount < 9) return;
  for (let g = 0; g < run.groupCount; g++) {
    if (!startsFree(run, g, JOINERS) || (g === 0 && run.charBefore === PLUS)) continue;
    const len = groupLength(run, g);
    if (len === 9 && endsFree(run, g, JOINERS)) {
      push(run, g, g, true, out);
    } else if (len === 3 && g + 2 < run.groupCount) {
      const sep = run.sepBefore[g + 1];
      const shaped =
        (sep === SEP_DASH || sep === SEP_SPACE) &&
        run.sepBefore[g + 2] === sep &&
        groupLength(run, g + 1) === 2 &&
        groupLength(run, g + 2) === 4 &&
        endsFree(run, g + 2, JOINERS);
      if (shaped) push(run, g, g + 2, run.groupCount !== 3, out);
    }
  }
}

function push(
  run: DigitRun,
  first: number,
  last: number,
  needsContext: boolean,
  out: Candidate[],
): void {
  const from = run.groupDigitStart[first] ?? 0;
  const area = digitsValue(run, from, 3);
  const group = digitsValue(run, from + 3, 2);
  const serial = digitsValue(run, from + 5, 4);
  // The SSA never issues these: area 000, 666 or 900–999, group 00, serial 0000.
  if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) return;
  out.push({
    type: 'US_SSN',
    start: run.groupStart[first] ?? 0,
    end: run.groupEnd[last] ?? 0,
    needsContext,
  });
}
