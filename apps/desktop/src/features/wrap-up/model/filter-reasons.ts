import type { Reason } from '@sangdam/contracts';
import { filterByWords } from '../../../lib/filter-by-words.ts';

/** R-WU-1: reasons whose label contains every word of the query, in their configured order. */
export function filterReasons(reasons: readonly Reason[], query: string): Reason[] {
  return filterByWords(reasons, query, (reason) => reason.label);
}

/** The reasons ticked when the dialog opens: the admin's default, if any. */
export function initialSelection(reasons: readonly Reason[]): string[] {
  return reasons.filter((reason) => reason.isDefault).map((reason) => reason.id);
}
