import { describe, expect, it } from 'vitest';
import { imapStatusView } from './imap-status.ts';

const problem = (at: string) => ({ at, code: 'auth-failed' as const, detail: 'LOGIN failed' });

describe('imapStatusView', () => {
  it.each([
    ['never tried', { lastSuccessAt: null, lastProblem: null }, 'pending'],
    ['read, never failed', { lastSuccessAt: '2026-11-30T10:00:00Z', lastProblem: null }, 'ok'],
    [
      'failing from the start',
      { lastSuccessAt: null, lastProblem: problem('2026-11-30T10:00:00Z') },
      'problem',
    ],
    [
      'failing since its last read',
      { lastSuccessAt: '2026-11-30T09:00:00Z', lastProblem: problem('2026-11-30T10:00:00Z') },
      'problem',
    ],
    [
      'read again after a problem',
      { lastSuccessAt: '2026-11-30T11:00:00Z', lastProblem: problem('2026-11-30T10:00:00Z') },
      'ok',
    ],
  ] as const)('%s → %s', (_name, status, state) => {
    expect(imapStatusView(status).state).toBe(state);
  });

  it('keeps a problem before the last read as history', () => {
    const view = imapStatusView({
      lastSuccessAt: '2026-11-30T11:00:00Z',
      lastProblem: problem('2026-11-30T10:00:00Z'),
    });
    expect(view).toEqual({
      state: 'ok',
      readAt: '2026-11-30T11:00:00Z',
      earlierProblem: { at: '2026-11-30T10:00:00Z', code: 'auth-failed' },
    });
  });
});
