/**
 * R-WU-2: whole seconds until the server records the default wrap-up reason, rounded up so the
 * dialog shows 1 until the deadline itself and never a negative number; null without a deadline.
 */
export function wrapUpSecondsLeft(dueAtIso: string | null, now: number): number | null {
  if (dueAtIso === null) return null;
  return Math.max(0, Math.ceil((Date.parse(dueAtIso) - now) / 1000));
}
