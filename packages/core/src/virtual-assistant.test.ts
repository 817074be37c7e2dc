import type { AssistantAnswer, HandOverRule } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import {
  assistantStep,
  matchAnswer,
  normaliseForMatch,
  validateAssistant,
} from './virtual-assistant.ts';

const answers: AssistantAnswer[] = [
  { label: 'Where is my order?', keywords: ['order', 'delivery', '배송'], text: 'Track it here.' },
  { label: 'Refunds', keywords: ['refund', 'money back', '환불'], text: 'Refunds take 3 days.' },
  { label: '영업 시간', keywords: ['영업시간', 'hours', 'open'], text: '9시부터 6시까지' },
  { label: 'Card payment', keywords: ['card', 'payment'], text: 'We take all cards.' },
];

describe('matching what the customer wrote to an answer', () => {
  it.each([
    ['the button label, exactly', 'Where is my order?', 'Where is my order?'],
    ['the label in another case and spacing', '  where IS my   order ', 'Where is my order?'],
    ['a Korean label', '영업 시간', '영업 시간'],
    ['an English keyword inside a sentence', 'I want a refund please', 'Refunds'],
    ['a keyword as the start of a longer word', 'refunds?', 'Refunds'],
    ['a two-word keyword', 'can I get my MONEY BACK', 'Refunds'],
    ['a Korean keyword with a particle', '환불은 어떻게 하나요?', 'Refunds'],
    ['a Korean keyword inside a compound', '배송조회 부탁드려요', 'Where is my order?'],
    ['full-width Latin letters', 'ＲＥＦＵＮＤ', 'Refunds'],
    ['the most keywords when several answers match', 'card payment for my order', 'Card payment'],
    ['the first answer on a tie', 'order refund', 'Where is my order?'],
    ['no keyword', 'hello there', null],
    ['a keyword only in the middle of a Latin word', 'the scar hurts', null],
    ['nothing but punctuation', '?!…', null],
  ])('%s', (_, text, expected) => {
    expect(matchAnswer(answers, text)?.label ?? null).toBe(expected);
  });

  it('treats compatibility and composed forms alike', () => {
    expect(normaliseForMatch('ＡＢＣ１２３')).toBe('abc123');
    expect(normaliseForMatch('환불'.normalize('NFD'))).toBe('환불');
    expect(matchAnswer(answers, '환불'.normalize('NFD'))?.label).toBe('Refunds');
  });
});

const rule = (handOver: Partial<HandOverRule> = {}) => ({
  answers,
  handOver: { offerAgent: true, afterMisses: 2, ...handOver },
});

describe('the assistant’s next step', () => {
  it.each([
    ['answers a match and resets the misses', rule(), 1, 'refund', { kind: 'answer', misses: 0 }],
    ['counts a first miss', rule(), 0, 'blah', { kind: 'no-match', misses: 1 }],
    [
      'hands over at the Nth miss in a row',
      rule(),
      1,
      'blah',
      { kind: 'hand-over', reason: 'no-match' },
    ],
    [
      'never hands over on misses when N is not set',
      rule({ afterMisses: null }),
      9,
      'blah',
      { kind: 'no-match', misses: 10 },
    ],
    [
      'hands over after one miss when N is 1',
      rule({ afterMisses: 1 }),
      0,
      '???',
      { kind: 'hand-over', reason: 'no-match' },
    ],
  ] as const)('%s', (_, config, misses, text, expected) => {
    expect(assistantStep(config, misses, { kind: 'text', text })).toMatchObject(expected);
  });

  it('hands over when the customer asks for an agent and the assistant offers one', () => {
    expect(assistantStep(rule(), 0, { kind: 'ask-agent' })).toEqual({
      kind: 'hand-over',
      reason: 'asked',
    });
  });

  it('refuses "Talk to an agent" when the assistant does not offer it', () => {
    expect(() => assistantStep(rule({ offerAgent: false }), 0, { kind: 'ask-agent' })).toThrow(
      expect.objectContaining({ code: 'ASSISTANT_AGENT_NOT_OFFERED' }),
    );
  });

  it('hands over at once when the assistant has no answers left', () => {
    const empty = { answers: [], handOver: { offerAgent: false, afterMisses: null } };
    expect(assistantStep(empty, 0, { kind: 'text', text: 'refund' })).toEqual({
      kind: 'hand-over',
      reason: 'no-answers',
    });
  });
});

describe('the limits of an assistant', () => {
  const answer = (label: string, keywords: string[] = []) => ({ label, keywords, text: 'x' });
  const handOver = { offerAgent: true, afterMisses: null };

  it.each([
    [
      '31 answers',
      Array.from({ length: 31 }, (_, i) => answer(`Q${i}`)),
      handOver,
      'ASSISTANT_TOO_MANY_ANSWERS',
    ],
    [
      '21 keywords on one answer',
      [
        answer(
          'Q',
          Array.from({ length: 21 }, (_, i) => `k${i}`),
        ),
      ],
      handOver,
      'ASSISTANT_TOO_MANY_KEYWORDS',
    ],
    [
      'two answers with the same question',
      [answer('Refunds'), answer(' REFUNDS ')],
      handOver,
      'ASSISTANT_DUPLICATE_LABEL',
    ],
    [
      'two Korean questions that differ only in width',
      [answer('환불'), answer('환불'.normalize('NFD'))],
      handOver,
      'ASSISTANT_DUPLICATE_LABEL',
    ],
    [
      'no way to reach an agent',
      [answer('Q')],
      { offerAgent: false, afterMisses: null },
      'ASSISTANT_NO_HAND_OVER',
    ],
  ])('refuses %s', (_, list, rule, code) => {
    expect(() => validateAssistant({ answers: list, handOver: rule })).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it.each([
    [
      '30 answers of 20 keywords',
      Array.from({ length: 30 }, (_, i) =>
        answer(
          `Q${i}`,
          Array.from({ length: 20 }, (_, k) => `k${k}`),
        ),
      ),
      handOver,
    ],
    [
      'no answers and no hand-over (the assistant only greets)',
      [],
      { offerAgent: false, afterMisses: null },
    ],
    ['hand-over on misses only', [answer('Q')], { offerAgent: false, afterMisses: 3 }],
  ])('accepts %s', (_, list, rule) => {
    expect(() => validateAssistant({ answers: list, handOver: rule })).not.toThrow();
  });
});
