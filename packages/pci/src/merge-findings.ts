import type { Finding } from './types.ts';

/**
 * Adds `candidates` to `accepted` (both sorted by start, neither self-overlapping), dropping each
 * candidate that overlaps an accepted finding. Linear in the two lengths.
 */
export function mergeByPriority(
  accepted: readonly Finding[],
  candidates: readonly Finding[],
): Finding[] {
  const merged: Finding[] = [];
  let a = 0;
  for (const candidate of candidates) {
    while (a < accepted.length && (accepted[a]?.end ?? 0) <= candidate.start) {
      merged.push(accepted[a++] as Finding);
    }
    const next = accepted[a];
    if (next === undefined || next.start >= candidate.end) merged.push(candidate);
  }
  while (a < accepted.length) merged.push(accepted[a++] as Finding);
  return merged;
}
