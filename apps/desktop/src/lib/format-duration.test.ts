import { describe, expect, it } from 'vitest';
import { formatDuration, formatElapsed, remainingPercent } from './format-duration.ts';

describe('formatDuration', () => {
  it.each([
    [0, '00:00'],
    [999, '00:00'],
    [7_000, '00:07'],
    [65_000, '01:05'],
    [59 * 60_000 + 59_000, '59:59'],
    [3_600_000, '1:00:00'],
    [3_723_000, '1:02:03'],
    [-5_000, '00:00'],
  ])('shows %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatElapsed', () => {
  it('counts from the given instant', () => {
    const since = '2026-01-01T10:00:00.000Z';
    expect(formatElapsed(since, Date.parse('2026-01-01T10:02:30.000Z'))).toBe('02:30');
  });

  it('shows 00:00 when the clock is behind the server', () => {
    const since = '2026-01-01T10:00:05.000+00:00';
    expect(formatElapsed(since, Date.parse('2026-01-01T10:00:00.000Z'))).toBe('00:00');
  });
});

describe('remainingPercent', () => {
  const start = '2026-01-01T10:00:00.000Z';
  const end = '2026-01-01T10:00:30.000Z';

  it('is full at the start, half way through, and empty at the end', () => {
    expect(remainingPercent(start, end, Date.parse(start))).toBe(100);
    expect(remainingPercent(start, end, Date.parse('2026-01-01T10:00:15.000Z'))).toBe(50);
    expect(remainingPercent(start, end, Date.parse(end))).toBe(0);
  });

  it('stays within 0..100 outside the window and for empty windows', () => {
    expect(remainingPercent(start, end, Date.parse('2026-01-01T09:59:00.000Z'))).toBe(100);
    expect(remainingPercent(start, end, Date.parse('2026-01-01T10:05:00.000Z'))).toBe(0);
    expect(remainingPercent(end, start, Date.parse(start))).toBe(0);
  });
});
