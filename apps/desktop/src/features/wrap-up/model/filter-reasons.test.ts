import type { Reason } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { filterReasons, initialSelection } from './filter-reasons.ts';

function reason(id: string, label: string, isDefault = false): Reason {
  return { id, label, isDefault };
}

const reasons = [
  reason('1', 'Resolved'),
  reason('2', 'Billing question', true),
  reason('3', 'Follow-up needed'),
  reason('4', '환불 요청'),
];

const labels = (list: Reason[]) => list.map((r) => r.label);

describe('filterReasons', () => {
  it.each([
    ['', ['Resolved', 'Billing question', 'Follow-up needed', '환불 요청']],
    ['   ', ['Resolved', 'Billing question', 'Follow-up needed', '환불 요청']],
    ['bill', ['Billing question']],
    ['BILLING', ['Billing question']],
    ['question billing', ['Billing question']],
    ['  follow   up ', ['Follow-up needed']],
    ['follow-up', ['Follow-up needed']],
    ['환불', ['환불 요청']],
    ['nothing like this', []],
  ])('for %j shows %j', (query, expected) => {
    expect(labels(filterReasons(reasons, query))).toEqual(expected);
  });

  it('matches full-width input the same as ASCII', () => {
    expect(labels(filterReasons(reasons, 'ＢＩＬＬ'))).toEqual(['Billing question']);
  });
});

describe('initialSelection', () => {
  it('ticks the default reason', () => {
    expect(initialSelection(reasons)).toEqual(['2']);
  });

  it('ticks nothing when no reason is the default', () => {
    expect(initialSelection([reason('1', 'Resolved')])).toEqual([]);
  });
});
