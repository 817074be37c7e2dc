import { isAsciiLetter } from './char-classes.ts';

interface Word {
  /** Lower-case code units of the word. */
  codes: readonly number[];
  /** ASCII words must not continue with a letter (so "ref" does not match "refund"). */
  boundedRight: boolean;
}

/** A set of context words indexed by first code unit, matched case-insensitively. */
export interface WordList {
  byFirst: ReadonlyMap<number, readonly Word[]>;
  /** 1 at each code unit that starts some word: a fast filter before the map lookup. */
  firsts: Uint8Array;
}

/**
 * Builds a word list. A trailing `$` marks a word that must end at a non-letter. ASCII words
 * always need a non-letter before them, so "cc" does not match inside "account".
 */
export function wordList(words: readonly string[]): WordList {
  const byFirst = new Map<number, Word[]>();
  const firsts = new Uint8Array(0x10000);
  for (const raw of words) {
    const boundedRight = raw.endsWith('$');
    const text = (boundedRight ? raw.slice(0, -1) : raw).toLowerCase();
    const codes = Array.from(text, (ch) => ch.charCodeAt(0));
    const first = codes[0];
    if (first === undefined) continue;
    const list = byFirst.get(first) ?? [];
    list.push({ codes, boundedRight });
    byFirst.set(first, list);
    firsts[first] = 1;
    if (first >= 97 && first <= 122) firsts[first - 32] = 1;
  }
  return { byFirst, firsts };
}

function lower(code: number): number {
  return code >= 65 && code <= 90 ? code | 0x20 : code;
}

function matchesAt(text: string, pos: number, word: Word): boolean {
  const { codes } = word;
  if (pos + codes.length > text.length) return false;
  for (let k = 1; k < codes.length; k++) {
    if (lower(text.charCodeAt(pos + k)) !== codes[k]) return false;
  }
  if (word.boundedRight && pos + codes.length < text.length) {
    return !isAsciiLetter(text.charCodeAt(pos + codes.length));
  }
  return true;
}

/** Start offset of the first word of `list` that begins in `text[from, to)`, or -1. */
export function findWord(text: string, from: number, to: number, list: WordList): number {
  const start = Math.max(0, from);
  const end = Math.min(text.length, to);
  const { firsts } = list;
  for (let pos = start; pos < end; pos++) {
    const raw = text.charCodeAt(pos);
    if (firsts[raw] !== 1) continue;
    const code = lower(raw);
    const candidates = list.byFirst.get(code);
    if (candidates === undefined) continue;
    if (isAsciiLetter(code) && pos > 0 && isAsciiLetter(text.charCodeAt(pos - 1))) continue;
    for (const word of candidates) if (matchesAt(text, pos, word)) return pos;
  }
  return -1;
}

/**
 * Answers "is a context word near here?" for queries that move forward through the text, reading
 * each code unit at most once overall; that keeps scanning linear however many candidates there are.
 */
export class ContextIndex {
  private readonly hits: number[] = [];
  private scannedTo = 0;
  private lastFrom = 0;
  private next = 0;

  constructor(
    private readonly text: string,
    private readonly list: WordList,
  ) {}

  /** Whether a word starts in `[from, to)`. `from` should not decrease between calls. */
  hasWordIn(from: number, to: number): boolean {
    // Out-of-order queries are answered directly; earlier gaps were never scanned.
    if (from < this.lastFrom) return findWord(this.text, from, to, this.list) >= 0;
    this.lastFrom = from;
    let pos = Math.max(this.scannedTo, from);
    const end = Math.min(this.text.length, to);
    while (pos < end) {
      const hit = findWord(this.text, pos, end, this.list);
      if (hit < 0) break;
      this.hits.push(hit);
      pos = hit + 1;
    }
    this.scannedTo = Math.max(this.scannedTo, end);
    while (this.next < this.hits.length && (this.hits[this.next] ?? 0) < from) this.next++;
    const first = this.hits[this.next];
    return first !== undefined && first < to;
  }
}
