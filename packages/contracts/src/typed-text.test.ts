import { describe, expect, it } from 'vitest';
import { isStorableText, typedText } from './typed-text.ts';

describe('text a person typed', () => {
  it.each([
    ['plain text', 'Hello, my order has not arrived'],
    ['Korean', '안녕하세요, 주문이 아직 안 왔어요'],
    ['emoji and joined emoji', '👍🏽 👨‍👩‍👧 🇰🇷'],
    ['tabs and line breaks', 'line one\n\tline two\r\n'],
    ['other control characters', 'bell \u0007 escape \u001b'],
    ['empty', ''],
  ])('keeps %s', (_name, text) => {
    expect(isStorableText(text)).toBe(true);
    expect(typedText().safeParse(text).success).toBe(true);
  });

  it.each([
    ['a NUL character', 'Hana\u0000Customer'],
    ['a lone high surrogate', 'broken \uD83D emoji'],
    ['a lone low surrogate', 'broken \uDC4D emoji'],
    ['a high surrogate at the end', 'end \uD83D'],
    ['two high surrogates', '\uD83D\uD83D'],
  ])('refuses %s', (_name, text) => {
    expect(isStorableText(text)).toBe(false);
    const parsed = typedText().safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/cannot be stored/);
  });
});
