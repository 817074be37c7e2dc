import { brandOf, MAX_PAN_LENGTH, MIN_PAN_LENGTH } from './brands.ts';
import { isDigitCode, SEP_DOT, SEP_NEWLINE, SEP_NONE, SEP_SLASH } from './char-classes.ts';
import { findWord } from './context-words.ts';
import { isLuhnValid } from './luhn.ts';
import { groupLength, type DigitRun } from './tokenizer.ts';
import type { Finding } from './types.ts';
import { CARD_WORDS, NOT_CARD_WORDS } from './vocabulary.ts';

// Real PANs are written in at most five groups; ten leaves room for pairs and odd splits while
// keeping the work per run start constant.
const MAX_GROUPS = 10;
// How far back a label such as "Order no." may stand from the number it labels.
const LABEL_SPAN = 32;
const UUID_LENGTH = 36;
const PLUS = 0x2b;

interface CardWindow {
  first: number;
  last: number;
  canonical: boolean;
  digits: number;
}

/** Finds payment card numbers in one digit run and appends them to `out` in text order. */
export function findCardsInRun(text: string, run: DigitRun, out: Finding[]): void {
  if (run.digitCount < MIN_PAN_LENGTH) return;
  const windows: CardWindow[] = [];
  for (let first = 0; first < run.groupCount; first++) {
    if (!canStartAt(run, first)) continue;
    collectWindowsFrom(run, first, windows);
  }
  if (windows.length === 0) return;
  const taken = windows.length === 1 ? windows : chooseWindows(run, windows);
  for (const w of taken) {
    const start = run.groupStart[w.first] ?? 0;
    const end = run.groupEnd[w.last] ?? 0;
    if (isLabelledAsOtherNumber(text, start) || isInsideUuid(text, start, end)) continue;
    out.push({ type: 'CREDIT_CARD', start, end });
  }
}

function chooseWindows(run: DigitRun, windows: CardWindow[]): CardWindow[] {
  // Prefer the usual layouts (4-4-4-4, 4-6-5 …), then the earliest and longest window: a short
  // prefix of a longer PAN is Luhn-valid one time in ten and must not cut the PAN in two.
  windows.sort(
    (a, b) => Number(b.canonical) - Number(a.canonical) || a.first - b.first || b.digits - a.digits,
  );
  // Claimed groups are marked in an array, so choosing windows stays linear in huge runs.
  const claimed = new Uint8Array(run.groupCount);
  const taken: CardWindow[] = [];
  for (const w of windows) {
    if (claimed.subarray(w.first, w.last + 1).includes(1)) continue;
    claimed.fill(1, w.first, w.last + 1);
    taken.push(w);
  }
  return taken.sort((a, b) => a.first - b.first);
}

function collectWindowsFrom(run: DigitRun, first: number, windows: CardWindow[]): void {
  let digits = 0;
  let dotted = false;
  let mixed = false;
  let firstSep = SEP_NONE;
  for (let last = first; last < run.groupCount && last - first < MAX_GROUPS; last++) {
    if (last > first) {
      const sep = run.sepBefore[last] ?? SEP_NONE;
      if (sep === SEP_SLASH) return;
      if (sep === SEP_DOT) dotted = true;
      if (sep !== SEP_NEWLINE) {
        if (firstSep === SEP_NONE) firstSep = sep;
        else if (sep !== firstSep) mixed = true;
      }
    }
    digits += groupLength(run, last);
    if (digits > MAX_PAN_LENGTH) return;
    if (digits < MIN_PAN_LENGTH || !canEndAt(run, last)) continue;
    const from = run.groupDigitStart[first] ?? 0;
    if (brandOf(run.digits, from, digits) === undefined) continue;
    if (!isLuhnValid(run.digits, from, digits)) continue;
    const canonical = isCanonicalLayout(run, first, last);
    // Dots also separate decimals and version numbers, so only card-shaped dotted groups count;
    // odd groups with mixed separators are lists of numbers ("5678 010-1234-5678"), not a PAN.
    if ((dotted || mixed) && !canonical) continue;
    if (dotted && mixed) continue;
    windows.push({ first, last, canonical, digits });
  }
}

function canStartAt(run: DigitRun, g: number): boolean {
  if (g === 0) return !run.joinedLeft && run.charBefore !== PLUS;
  const sep = run.sepBefore[g];
  return sep !== SEP_DOT && sep !== SEP_SLASH;
}

function canEndAt(run: DigitRun, g: number): boolean {
  if (g === run.groupCount - 1) return !run.joinedRight;
  const sep = run.sepBefore[g + 1];
  return sep !== SEP_DOT && sep !== SEP_SLASH;
}

/** 4-4-4-4 (and 4-4-4-4-3, 4-4-4-1 …), Amex 4-6-5, Diners 4-6-4, or one unbroken group. */
function isCanonicalLayout(run: DigitRun, first: number, last: number): boolean {
  const count = last - first + 1;
  if (count === 1) return true;
  if (count === 3 && groupLength(run, first) === 4 && groupLength(run, first + 1) === 6) {
    const tail = groupLength(run, last);
    if (tail === 5 || tail === 4) return true;
  }
  for (let g = first; g < last; g++) if (groupLength(run, g) !== 4) return false;
  return groupLength(run, last) <= 4;
}

/**
 * Whether a label like "IMEI", "Order no." or "송장번호" stands just before the number, with no
 * other digits in between and no card word between the label and the number.
 */
function isLabelledAsOtherNumber(text: string, start: number): boolean {
  let from = Math.max(0, start - LABEL_SPAN);
  for (let k = start - 1; k >= from; k--) {
    if (isDigitCode(text.charCodeAt(k))) {
      from = k + 1;
      break;
    }
  }
  let label = -1;
  for (let hit = findWord(text, from, start, NOT_CARD_WORDS); hit >= 0;) {
    label = hit;
    hit = findWord(text, hit + 1, start, NOT_CARD_WORDS);
  }
  if (label < 0) return false;
  return findWord(text, label + 1, start, CARD_WORDS) < 0;
}

function isInsideUuid(text: string, start: number, end: number): boolean {
  // A window inside a UUID touches a dash or a hex digit on at least one side.
  if (!isUuidChar(text.charCodeAt(start - 1)) && !isUuidChar(text.charCodeAt(end))) return false;
  for (let u = Math.max(0, end - UUID_LENGTH); u <= start; u++) {
    if (isUuidAt(text, u)) return true;
  }
  return false;
}

function isUuidAt(text: string, at: number): boolean {
  if (at + UUID_LENGTH > text.length) return false;
  for (let k = 0; k < UUID_LENGTH; k++) {
    const code = text.charCodeAt(at + k);
    if (k === 8 || k === 13 || k === 18 || k === 23) {
      if (code !== 0x2d) return false;
    } else if (!isHexCode(code)) return false;
  }
  return true;
}

function isUuidChar(code: number): boolean {
  return code === 0x2d || isHexCode(code);
}

function isHexCode(code: number): boolean {
  const lower = code | 0x20;
  return (code >= 48 && code <= 57) || (lower >= 97 && lower <= 102);
}
