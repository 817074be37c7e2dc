import type { ImapProblemCode, ImapStatus } from '@sangdam/contracts';

/** What the admins' badge says about a mailbox. */
export type ImapStatusView =
  | { state: 'pending' }
  | { state: 'ok'; readAt: string; earlierProblem: { at: string; code: ImapProblemCode } | null }
  | { state: 'problem'; problem: { at: string; code: ImapProblemCode; detail: string } };

/**
 * The mailbox is in trouble when its latest problem is newer than its latest read; a problem
 * before a later read is history (shown quietly), and a mailbox never tried yet is pending.
 */
export function imapStatusView(status: ImapStatus): ImapStatusView {
  const { lastSuccessAt, lastProblem } = status;
  if (lastProblem && (!lastSuccessAt || Date.parse(lastProblem.at) >= Date.parse(lastSuccessAt))) {
    return { state: 'problem', problem: lastProblem };
  }
  if (lastSuccessAt) {
    return {
      state: 'ok',
      readAt: lastSuccessAt,
      earlierProblem: lastProblem && { at: lastProblem.at, code: lastProblem.code },
    };
  }
  return { state: 'pending' };
}
