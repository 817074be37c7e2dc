import { describe, expect, it } from 'vitest';
import { splitLinks } from './links.ts';

describe('splitLinks', () => {
  it('keeps text without links as one plain part', () => {
    expect(splitLinks('hello there')).toEqual([{ kind: 'text', text: 'hello there' }]);
    expect(splitLinks('')).toEqual([]);
  });

  it('turns http, https and mailto URLs into links between plain runs', () => {
    expect(
      splitLinks('See https://example.com/a?b=1#c or mail mailto:help@example.com now'),
    ).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' or mail ' },
      { kind: 'link', text: 'mailto:help@example.com', href: 'mailto:help@example.com' },
      { kind: 'text', text: ' now' },
    ]);
    expect(splitLinks('HTTP://EXAMPLE.com')).toEqual([
      { kind: 'link', text: 'HTTP://EXAMPLE.com', href: 'http://example.com/' },
    ]);
  });

  it('leaves sentence punctuation and an outer bracket outside the link', () => {
    expect(splitLinks('Go to https://example.com/x.')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', text: 'https://example.com/x', href: 'https://example.com/x' },
      { kind: 'text', text: '.' },
    ]);
    expect(splitLinks('(see https://en.wikipedia.org/wiki/Foo_(bar))')[1]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
  });

  it('stops a link at markup around it', () => {
    expect(splitLinks('<https://example.com/x>')).toEqual([
      { kind: 'text', text: '<' },
      { kind: 'link', text: 'https://example.com/x', href: 'https://example.com/x' },
      { kind: 'text', text: '>' },
    ]);
  });

  it('ends a link where Korean text follows it without a space', () => {
    expect(splitLinks('https://shop.example.kr/order에서 확인하세요')).toEqual([
      {
        kind: 'link',
        text: 'https://shop.example.kr/order',
        href: 'https://shop.example.kr/order',
      },
      { kind: 'text', text: '에서 확인하세요' },
    ]);
  });

  it('never links other schemes or broken URLs', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      'http://',
      'mailto:',
      'https://<img src=x onerror=alert(1)>',
      'xhttps://example.com',
    ]) {
      expect(
        splitLinks(text).filter((part) => part.kind === 'link'),
        text,
      ).toEqual([]);
    }
  });

  it('keeps every character of the text, in order', () => {
    const text = 'a https://x.example/(1) b, http://y.example/?q="z" c mailto:a@b.example.';
    expect(
      splitLinks(text)
        .map((part) => part.text)
        .join(''),
    ).toBe(text);
  });
});
