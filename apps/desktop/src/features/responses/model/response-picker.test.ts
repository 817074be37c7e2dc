import type { PredefinedResponse } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { filterResponses, insertResponse, pickerKeyAction } from './response-picker.ts';

function response(title: string, text: string, category: string | null = null): PredefinedResponse {
  const at = '2026-11-30T09:00:00.000Z';
  return { id: title, title, text, category, createdAt: at, updatedAt: at };
}

const responses = [
  response('Greeting', 'Hello, thank you for contacting us!', 'Start'),
  response('Refund policy', 'Refunds reach your card within 5 business days.', 'Billing'),
  response('Looking into it', 'Let me check your refund status.'),
  response('환불 안내', '영업일 기준 3~5일 안에 카드로 환불됩니다.', '결제'),
];

const titles = (list: PredefinedResponse[]) => list.map((r) => r.title);

describe('filterResponses', () => {
  it.each([
    ['', ['Greeting', 'Refund policy', 'Looking into it', '환불 안내']],
    ['  ', ['Greeting', 'Refund policy', 'Looking into it', '환불 안내']],
    ['greet', ['Greeting']],
    ['THANK YOU', ['Greeting']],
    ['billing', ['Refund policy']],
    ['card days', ['Refund policy']],
    ['환불', ['환불 안내']],
    ['결제', ['환불 안내']],
    ['nothing like this', []],
  ])('for %j shows %j', (query, expected) => {
    expect(titles(filterResponses(responses, query))).toEqual(expected);
  });

  it('puts title matches before matches in the text, each in the admin’s order', () => {
    expect(titles(filterResponses(responses, 'refund'))).toEqual([
      'Refund policy',
      'Looking into it',
    ]);
  });

  it('matches full-width input the same as ASCII', () => {
    expect(titles(filterResponses(responses, 'ＧＲＥＥＴ'))).toEqual(['Greeting']);
  });
});

describe('pickerKeyAction', () => {
  it.each([
    ['ArrowDown', 0, 3, { type: 'move', index: 1 }],
    ['ArrowDown', 2, 3, { type: 'move', index: 0 }],
    ['ArrowUp', 0, 3, { type: 'move', index: 2 }],
    ['ArrowUp', 2, 3, { type: 'move', index: 1 }],
    ['Home', 2, 3, { type: 'move', index: 0 }],
    ['End', 0, 3, { type: 'move', index: 2 }],
    ['Enter', 1, 3, { type: 'insert', index: 1 }],
    // The list shrank under the highlight while the agent typed: the last row is meant.
    ['Enter', 5, 3, { type: 'insert', index: 2 }],
    ['Escape', 1, 3, { type: 'close' }],
    ['Escape', 0, 0, { type: 'close' }],
    ['Enter', 0, 0, null],
    ['ArrowDown', 0, 0, null],
    ['a', 0, 3, null],
    ['ArrowLeft', 0, 3, null],
  ] as const)('%s on row %i of %i does %o', (key, active, count, expected) => {
    expect(pickerKeyAction(key, active, count)).toEqual(expected);
  });
});

describe('insertResponse', () => {
  const at = (n: number) => ({ start: n, end: n });

  it('fills an empty reply and puts the caret after the text', () => {
    expect(insertResponse('', at(0), 'Hello!', 1000)).toEqual({
      ok: true,
      text: 'Hello!',
      cursor: 6,
    });
  });

  it('combines several responses one after another with a space between', () => {
    const first = insertResponse('', at(0), 'Hello!', 1000);
    if (!first.ok) throw new Error('refused');
    expect(insertResponse(first.text, at(first.cursor), 'How can I help?', 1000)).toEqual({
      ok: true,
      text: 'Hello! How can I help?',
      cursor: 22,
    });
  });

  it('inserts at the caret in the middle of typed text, spaced from both words', () => {
    expect(insertResponse('Hi Mina,thanks', at(8), 'one moment.', 1000)).toEqual({
      ok: true,
      text: 'Hi Mina, one moment. thanks',
      cursor: 21,
    });
  });

  it('adds no space where there already is one, a line break, or punctuation follows', () => {
    expect(insertResponse('Hi\n', at(3), 'Hello', 1000)).toMatchObject({ text: 'Hi\nHello' });
    expect(insertResponse('a  b', at(2), 'X', 1000)).toMatchObject({ text: 'a X b' });
    expect(insertResponse('Thank you!', at(9), 'Mina', 1000)).toMatchObject({
      text: 'Thank you Mina!',
    });
    expect(insertResponse('(see )', at(1), 'note', 1000)).toMatchObject({ text: '(note see )' });
  });

  it('replaces the selected text', () => {
    expect(insertResponse('Dear NAME, hi', { start: 5, end: 9 }, 'Mina', 1000)).toEqual({
      ok: true,
      text: 'Dear Mina, hi',
      cursor: 9,
    });
  });

  it('accepts a reply of exactly the limit and refuses one character more, uncut', () => {
    expect(insertResponse('x'.repeat(995), at(995), 'abcd', 1000)).toMatchObject({
      ok: true,
      text: `${'x'.repeat(995)} abcd`,
    });
    expect(insertResponse('x'.repeat(995), at(995), 'abcde', 1000)).toEqual({
      ok: false,
      needed: 6,
      left: 5,
    });
  });

  it('counts an emoji as one character, as the compose counter does', () => {
    const draft = '🙂'.repeat(999);
    expect(insertResponse(draft, at(draft.length), '👍', 1000)).toMatchObject({ ok: true });
    expect(insertResponse(draft, at(draft.length), '👍👍', 1000)).toMatchObject({ ok: false });
  });

  it('keeps an out-of-range caret inside the draft', () => {
    expect(insertResponse('Hi', at(99), 'there', 1000)).toEqual({
      ok: true,
      text: 'Hi there',
      cursor: 8,
    });
  });
});
