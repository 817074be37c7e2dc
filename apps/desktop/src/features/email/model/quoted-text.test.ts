import { describe, expect, it } from 'vitest';
import { splitQuotedText } from './quoted-text.ts';

describe('folding the quoted history of a plain-text mail (R-EM-7)', () => {
  it.each([
    [
      'a Gmail attribution',
      'Still nothing.\n\nOn Mon, 1 Jan 2026 at 10:00, Support <support@sangdam.local> wrote:\n> We sent it.',
    ],
    [
      'a Korean Gmail attribution',
      'Still nothing.\n\n2026년 1월 1일 (월) 오전 10:00, 상담 <support@sangdam.local>님이 작성:\n> 보냈습니다.',
    ],
    [
      'an Outlook header block',
      'Still nothing.\n\nFrom: Support <support@sangdam.local>\nSent: Monday, 1 January 2026\nSubject: Re: parcel',
    ],
    ['an Original Message line', 'Still nothing.\n-----Original Message-----\nWe sent it.'],
    ['trailing > lines', 'Still nothing.\n\n> We sent it.\n>\n> Support'],
  ])('folds what follows %s', (_, text) => {
    const split = splitQuotedText(text);
    expect(split.body).toBe('Still nothing.');
    expect(split.quoted).not.toBeNull();
    expect(`${split.body}\n${split.quoted}`.replace(/\n+/g, '\n')).toBe(text.replace(/\n+/g, '\n'));
  });

  it('leaves a mail without quotes, or an answer written between quotes, whole', () => {
    const inline = '> Which size?\nMedium.\n> Which colour?\nBlue.';
    expect(splitQuotedText(inline)).toEqual({ body: inline, quoted: null });
    expect(splitQuotedText('Just a question.')).toEqual({ body: 'Just a question.', quoted: null });
  });

  it('does not fold a mail that is all quote', () => {
    const all = '> forwarded words\n> more';
    expect(splitQuotedText(all)).toEqual({ body: all, quoted: null });
  });

  it('keeps a "From:" line that is not an Outlook header block', () => {
    const text = 'From: my old address I wrote to you before.\nPlease check.';
    expect(splitQuotedText(text).quoted).toBeNull();
  });
});
