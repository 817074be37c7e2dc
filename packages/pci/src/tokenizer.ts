import { digitValue, isDigitCode, isWordJoiner, SEP_NONE, separatorKind } from './char-classes.ts';

/**
 * One maximal run of digit groups joined by single separators, e.g. "4111 1111\n1111-1111".
 * The object and its typed arrays are reused between runs, so a visitor must copy what it keeps.
 */
export interface DigitRun {
  /** Digit values 0–9 of the whole run; only the first `digitCount` entries are valid. */
  digits: Uint8Array;
  digitCount: number;
  groupCount: number;
  /** Index into `digits` of each group's first digit; entry `groupCount` equals `digitCount`. */
  groupDigitStart: Int32Array;
  /** Text offsets of each group (end exclusive). */
  groupStart: Int32Array;
  groupEnd: Int32Array;
  /** Separator kind before group g (entry 0 is unused). */
  sepBefore: Uint8Array;
  /** The first group touches a letter or underscore, so it is part of an identifier. */
  joinedLeft: boolean;
  /** The last group touches a letter or underscore. */
  joinedRight: boolean;
  /** Code unit just before the run, or -1 at the start of the text. */
  charBefore: number;
  /** Code unit just after the last group, or -1 at the end of the text. */
  charAfter: number;
}

/** Reusable, growable storage behind {@link DigitRun}. */
class RunBuffer implements DigitRun {
  digits = new Uint8Array(64);
  digitCount = 0;
  groupCount = 0;
  groupDigitStart = new Int32Array(17);
  groupStart = new Int32Array(16);
  groupEnd = new Int32Array(16);
  sepBefore = new Uint8Array(16);
  joinedLeft = false;
  joinedRight = false;
  charBefore = -1;
  charAfter = -1;

  pushDigit(value: number): void {
    if (this.digitCount === this.digits.length) this.digits = grow(this.digits);
    this.digits[this.digitCount++] = value;
  }

  pushGroup(start: number, end: number, sep: number, digitStart: number): void {
    if (this.groupCount + 1 >= this.groupStart.length) {
      this.groupStart = grow(this.groupStart);
      this.groupEnd = grow(this.groupEnd);
      this.sepBefore = grow(this.sepBefore);
      this.groupDigitStart = grow(this.groupDigitStart);
    }
    const g = this.groupCount++;
    this.groupStart[g] = start;
    this.groupEnd[g] = end;
    this.sepBefore[g] = sep;
    this.groupDigitStart[g] = digitStart;
    this.groupDigitStart[g + 1] = this.digitCount;
  }
}

function grow<T extends Uint8Array | Int32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * Walks `text` once and calls `visit` for every digit run. Linear in the text length: each code
 * unit is read a constant number of times, and no regular expression is involved.
 */
export function forEachDigitRun(text: string, visit: (run: DigitRun) => void): void {
  const run = new RunBuffer();
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigitCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    run.digitCount = 0;
    run.groupCount = 0;
    run.charBefore = i > 0 ? text.charCodeAt(i - 1) : -1;
    run.joinedLeft = run.charBefore >= 0 && isWordJoiner(run.charBefore);
    let pos = i;
    let sep = SEP_NONE;
    for (;;) {
      const groupStart = pos;
      const digitStart = run.digitCount;
      let value = digitValue(text.charCodeAt(pos));
      while (value >= 0) {
        run.pushDigit(value);
        pos++;
        value = pos < n ? digitValue(text.charCodeAt(pos)) : -1;
      }
      run.pushGroup(groupStart, pos, sep, digitStart);
      if (pos >= n) break;
      const code = text.charCodeAt(pos);
      sep = separatorKind(code);
      if (sep === SEP_NONE) break;
      // CRLF is one line break; any other pair of separators ends the run.
      const next = code === 0x0d && text.charCodeAt(pos + 1) === 0x0a ? pos + 2 : pos + 1;
      if (next >= n || !isDigitCode(text.charCodeAt(next))) break;
      pos = next;
    }
    run.charAfter = pos < n ? text.charCodeAt(pos) : -1;
    run.joinedRight = run.charAfter >= 0 && isWordJoiner(run.charAfter);
    visit(run);
    i = pos;
  }
}

/** Number of digits in group `g` of `run`. */
export function groupLength(run: DigitRun, g: number): number {
  return (run.groupDigitStart[g + 1] ?? 0) - (run.groupDigitStart[g] ?? 0);
}

/** Integer value of `count` digits of `run` starting at digit index `from`. */
export function digitsValue(run: DigitRun, from: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) value = value * 10 + (run.digits[from + k] ?? 0);
  return value;
}

/** Bit mask of separator kinds, for {@link startsFree} and {@link endsFree}. */
export function sepMask(...kinds: number[]): number {
  return kinds.reduce((mask, kind) => mask | (1 << kind), 0);
}

/** Whether group g is not glued to a word on its left, nor joined by a separator in `joiners`. */
export function startsFree(run: DigitRun, g: number, joiners: number): boolean {
  if (g === 0) return !run.joinedLeft;
  return ((1 << (run.sepBefore[g] ?? 0)) & joiners) === 0;
}

/** Whether group g is not glued to a word on its right, nor joined by a separator in `joiners`. */
export function endsFree(run: DigitRun, g: number, joiners: number): boolean {
  if (g === run.groupCount - 1) return !run.joinedRight;
  return ((1 << (run.sepBefore[g + 1] ?? 0)) & joiners) === 0;
}
