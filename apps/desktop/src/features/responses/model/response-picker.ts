import { countCharacters, type PredefinedResponse } from '@sangdam/contracts';

/** The pure rules of the predefined-response picker (R-CH-4): search, keys, insertion. */

function normalize(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Responses whose title, text or category contain every word of the query; those whose title
 * alone matches come first, each group in the admin's order.
 */
export function filterResponses(
  responses: readonly PredefinedResponse[],
  query: string,
): PredefinedResponse[] {
  const words = normalize(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...responses];
  const byTitle: PredefinedResponse[] = [];
  const byContent: PredefinedResponse[] = [];
  for (const response of responses) {
    const title = normalize(response.title);
    const all = `${title} ${normalize(response.text)} ${normalize(response.category ?? '')}`;
    if (words.every((word) => title.includes(word))) byTitle.push(response);
    else if (words.every((word) => all.includes(word))) byContent.push(response);
  }
  return [...byTitle, ...byContent];
}

export type PickerAction =
  { type: 'move'; index: number } | { type: 'insert'; index: number } | { type: 'close' };

/**
 * What a key pressed in the picker's search field does, with `active` the highlighted row of
 * `count`: arrows move (wrapping), Home/End jump, Enter inserts the highlighted one, Esc closes.
 * Null: the key is the search field's own (typing, moving the caret).
 */
export function pickerKeyAction(key: string, active: number, count: number): PickerAction | null {
  if (key === 'Escape') return { type: 'close' };
  if (count === 0) return null;
  const current = Math.min(Math.max(active, 0), count - 1);
  switch (key) {
    case 'ArrowDown':
      return { type: 'move', index: (current + 1) % count };
    case 'ArrowUp':
      return { type: 'move', index: (current - 1 + count) % count };
    case 'PageDown':
    case 'End':
      return { type: 'move', index: count - 1 };
    case 'PageUp':
    case 'Home':
      return { type: 'move', index: 0 };
    case 'Enter':
      return { type: 'insert', index: current };
    default:
      return null;
  }
}

export type Insertion =
  | { ok: true; text: string; cursor: number }
  /** Refused: the reply would pass `max`; `needed` characters for `left` free ones. */
  | { ok: false; needed: number; left: number };

/** Letters, digits, and punctuation that ends a word or sentence ("Hi," "done." "(ok)"). */
const spaceAfter = /[\p{L}\p{N}\p{Po}\p{Pe}\p{Pf}]/u;
/** Letters, digits, and punctuation that opens ("(" "“"). */
const spaceBefore = /[\p{L}\p{N}\p{Ps}\p{Pi}]/u;

/**
 * Puts `insert` in place of the draft's selection (`start`..`end`, UTF-16 offsets as a textarea
 * gives them), with a space on either side where it would otherwise run into a word, and the caret
 * after it. A result longer than `max` characters is refused whole: never cut.
 */
export function insertResponse(
  draft: string,
  selection: { start: number; end: number },
  insert: string,
  max: number,
): Insertion {
  const start = Math.min(Math.max(selection.start, 0), draft.length);
  const end = Math.min(Math.max(selection.end, start), draft.length);
  const before = draft.slice(0, start);
  const after = draft.slice(end);
  const previous = before.at(-1) ?? '';
  const next = after[0] ?? '';
  const piece = `${spaceAfter.test(previous) ? ' ' : ''}${insert}${spaceBefore.test(next) ? ' ' : ''}`;
  const left = max - countCharacters(before) - countCharacters(after);
  const needed = countCharacters(piece);
  if (needed > left) return { ok: false, needed, left: Math.max(left, 0) };
  return { ok: true, text: before + piece + after, cursor: before.length + piece.length };
}
