import type { Reason } from '@sangdam/contracts';

function normalize(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, ' ').trim();
}

/** R-WU-1: reasons whose label contains every word of the query, in their configured order. */
export function filterReasons(reasons: readonly Reason[], query: string): Reason[] {
  const words = normalize(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...reasons];
  return reasons.filter((reason) => {
    const label = normalize(reason.label);
    return words.every((word) => label.includes(word));
  });
}

/** The reasons ticked when the dialog opens: the admin's default, if any. */
export function initialSelection(reasons: readonly Reason[]): string[] {
  return reasons.filter((reason) => reason.isDefault).map((reason) => reason.id);
}
