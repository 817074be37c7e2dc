import { describe, expect, it } from 'vitest';
import { createTranslator } from './i18n.ts';
import { queuePositionText } from './queue-position.ts';

describe('queuePositionText', () => {
  const en = createTranslator('en');
  const ko = createTranslator('ko');

  it.each([
    [{ position: 3, estimatedWaitSeconds: null }, 'You are number 3 in line'],
    [{ position: 1, estimatedWaitSeconds: 20 }, 'You are number 1 in line · less than a minute'],
    [{ position: 2, estimatedWaitSeconds: 150 }, 'You are number 2 in line · about 3 min'],
    [{ position: 4, estimatedWaitSeconds: 600 }, 'You are number 4 in line · about 10 min'],
  ])('reads %o as "%s"', (place, text) => {
    expect(queuePositionText(en, place)).toBe(text);
  });

  it('speaks Korean', () => {
    expect(queuePositionText(ko, { position: 2, estimatedWaitSeconds: 240 })).toBe(
      '대기 순번 2번 · 약 4분',
    );
    expect(queuePositionText(ko, { position: 5, estimatedWaitSeconds: null })).toBe(
      '대기 순번 5번',
    );
  });
});
