import { describe, expect, it } from 'vitest';
import { wrapUpSecondsLeft } from './countdown.ts';

const due = '2026-01-01T10:00:05.000Z';
const at = (iso: string) => Date.parse(iso);

describe('the wrap-up countdown', () => {
  it('counts whole seconds down to the deadline, rounding up', () => {
    expect(wrapUpSecondsLeft(due, at('2026-01-01T10:00:00.000Z'))).toBe(5);
    expect(wrapUpSecondsLeft(due, at('2026-01-01T10:00:00.400Z'))).toBe(5);
    expect(wrapUpSecondsLeft(due, at('2026-01-01T10:00:04.999Z'))).toBe(1);
  });

  it('shows zero at and after the deadline, while the server records it', () => {
    expect(wrapUpSecondsLeft(due, at('2026-01-01T10:00:05.000Z'))).toBe(0);
    expect(wrapUpSecondsLeft(due, at('2026-01-01T10:01:00.000Z'))).toBe(0);
  });

  it('has nothing to count without a deadline', () => {
    expect(wrapUpSecondsLeft(null, at('2026-01-01T10:00:00.000Z'))).toBeNull();
  });
});
