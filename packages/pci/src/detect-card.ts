import { brandOf, MAX_PAN_LENGTH, MIN_PAN_LENGTH } from './brands.ts';
import {
  isDigitCode,
  SEP_DASH,
  SEP_DOT,
  SEP_NEWLINE,
  SEP_NONE,
  SEP_SLASH,
  SEP_SPACE,
} from './char-classes.ts';
import { findWord } from './context-words.ts';
import { isLuhnValid } from './luhn.ts';
import { digitsValue, groupLength, type DigitRun } from './tokenizer.ts';
import type { Finding } from './types.ts';
import { CARD_WORDS, NOT_CARD_WORDS } from './vocabulary.ts';

// Real PANs are written in at most five groups; ten leaves room for pairs and odd splits while
// keeping the work per run start constant.
const MAX_GROUPS = 10;
// How far back a label such as "Order no." may stand from the number it labels.
const LABEL_SPAN = 32;
const UUID_LENGTH = 36;
const PLUS = 0x2b;
// A neighbouring group this long, joined like the PAN's own groups, is more of the same number;
// shorter ones are the CVV or expiry written after it ("4111 1111 1111 1111 123").
const CONTINUING_GROUP = 4;

/** Whether a card word stands near the number at text offsets [start, end). */
export type NearCardWord = (start: number, end: number) => boolean;

interface CardWindow {
  first: number;
  last: number;
  canonical: boolean;
  digits: number;
  /** The number goes on before the first group or after the last one (see {@link continuesLeft}). */
  cutLeft: boolean;
  cutRight: boolean;
}

/**
 * Finds payment card numbers in one digit run and appends them to `out` in text order. A number
 * in the brand table counts anywhere; any other Luhn-valid number of 12–19 digits counts when it is
 * written like a card and `nearCardWord` says a card word is near it.
 */
export function findCardsInRun(
  text: string,
  run: DigitRun,
  nearCardWord: NearCardWord,
  out: Finding[],
): void {
  if (run.digitCount < MIN_PAN_LENGTH) return;
  const windows: CardWindow[] = [];
  for (let first = 0; first < run.groupCount; first++) {
    if (!canStartAt(run, first)) continue;
    collectWindowsFrom(run, first, nearCardWord, windows);
  }
  if (windows.length === 0) return;
  const spanning = windows.length === 1 ? windows : withoutLoneCuts(run, windows);
  const taken = spanning.length <= 1 ? spanning : chooseWindows(run, spanning);
  for (const w of dropCutBlocks(taken)) {
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

/**
 * A window that cuts a longer grouped number ("4991-6096-1450-8529" holds a valid 12-digit window
 * in its last three groups) is only kept where another window could take the rest: two cards
 * written back to back.
 */
function withoutLoneCuts(run: DigitRun, windows: CardWindow[]): CardWindow[] {
  if (!windows.some((w) => w.cutLeft || w.cutRight)) return windows;
  const startsAt = new Uint8Array(run.groupCount + 1);
  const endsAt = new Uint8Array(run.groupCount + 1);
  for (const w of windows) {
    startsAt[w.first] = 1;
    endsAt[w.last] = 1;
  }
  return windows.filter(
    (w) => (!w.cutLeft || endsAt[w.first - 1] === 1) && (!w.cutRight || startsAt[w.last + 1] === 1),
  );
}

/** Keeps the chosen windows whose block of back-to-back windows spans the whole grouped number. */
function dropCutBlocks(taken: readonly CardWindow[]): readonly CardWindow[] {
  if (!taken.some((w) => w.cutLeft || w.cutRight)) return taken;
  const kept: CardWindow[] = [];
  let blockStart = 0;
  for (let k = 0; k < taken.length; k++) {
    const next = taken[k + 1];
    const current = taken[k] as CardWindow;
    if (next !== undefined && next.first === current.last + 1) continue;
    const head = taken[blockStart] as CardWindow;
    if (!head.cutLeft && !current.cutRight) kept.push(...taken.slice(blockStart, k + 1));
    blockStart = k + 1;
  }
  return kept;
}

function collectWindowsFrom(
  run: DigitRun,
  first: number,
  nearCardWord: NearCardWord,
  windows: CardWindow[],
): void {
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
    const branded = brandOf(run.digits, from, digits) !== undefined;
    // Outside the brand table never an unbroken timestamp ("card declined at 1712345678901"):
    // checked first, as most long numbers in chat logs are timestamps.
    if (!branded && first === last && looksLikeTimestamp(run, from, digits)) continue;
    if (!isLuhnValid(run.digits, from, digits)) continue;
    const canonical = isCanonicalLayout(run, first, last);
    // Dots also separate decimals and version numbers, so only card-shaped dotted groups count;
    // odd groups with mixed separators are lists of numbers ("5678 010-1234-5678"), not a PAN.
    if ((dotted || mixed) && !canonical) continue;
    if (dotted && mixed) continue;
    if (!branded) {
      // Outside the brand table only a card layout next to a card word counts, and never a
      // Korean 050 phone number.
      if (!canonical || isKoreanPersonalNumber(run, from, digits)) continue;
      if (!nearCardWord(run.groupStart[first] ?? 0, run.groupEnd[last] ?? 0)) continue;
    }
    windows.push({
      first,
      last,
      canonical,
      digits,
      cutLeft: continuesLeft(run, first, firstSep),
      cutRight: continuesRight(run, last, firstSep),
    });
  }
}

/**
 * Whether the group before `first`, joined by the window's own separator `sep` (space or dash),
 * is more of the same number: at least four digits and not the end of a number written with
 * another separator ("010-1234-5678 4111 1111 1111 1111" is a phone number, then a card).
 */
function continuesLeft(run: DigitRun, first: number, sep: number): boolean {
  if ((sep !== SEP_SPACE && sep !== SEP_DASH) || first === 0) return false;
  if (run.sepBefore[first] !== sep) return false;
  const g = first - 1;
  if (groupLength(run, g) < CONTINUING_GROUP) return false;
  return g === 0 || run.sepBefore[g] === sep || run.sepBefore[g] === SEP_NEWLINE;
}

/** Whether the group after `last` is more of the same number; see {@link continuesLeft}. */
function continuesRight(run: DigitRun, last: number, sep: number): boolean {
  if ((sep !== SEP_SPACE && sep !== SEP_DASH) || last === run.groupCount - 1) return false;
  const g = last + 1;
  if (run.sepBefore[g] !== sep || groupLength(run, g) < CONTINUING_GROUP) return false;
  if (g === run.groupCount - 1) return true;
  return run.sepBefore[g + 1] === sep || run.sepBefore[g + 1] === SEP_NEWLINE;
}

/**
 * 050 and nine more digits: a Korean personal (050x) phone number, written 0505-1234-5678 like a
 * 12-digit card. No issuer uses 05.
 */
function isKoreanPersonalNumber(run: DigitRun, from: number, length: number): boolean {
  return length === 12 && digitsValue(run, from, 3) === 50;
}

/**
 * An unbroken number that reads as a Unix time in ms, µs or ns (13, 16 or 19 digits starting
 * with 1: 2001–2033) or starts with a date and time (yyyyMMddHHmm…). No issuer uses these
 * prefixes for such lengths outside the brand table.
 */
function looksLikeTimestamp(run: DigitRun, from: number, length: number): boolean {
  const lead = run.digits[from];
  if (lead === 1 && (length === 13 || length === 16 || length === 19)) return true;
  if (lead !== 1 && lead !== 2) return false;
  const year = digitsValue(run, from, 4);
  const month = digitsValue(run, from + 4, 2);
  const day = digitsValue(run, from + 6, 2);
  const hour = digitsValue(run, from + 8, 2);
  const minute = digitsValue(run, from + 10, 2);
  return (
    year >= 1900 &&
    year <= 2099 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hour <= 23 &&
    minute <= 59
  );
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
