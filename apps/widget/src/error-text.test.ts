import { errorCodes } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { errorText } from './error-text.ts';

const hangul = /[\uac00-\ud7a3]/;

describe('errorText', () => {
  it('has Korean and English text for every server code', () => {
    for (const code of errorCodes) {
      expect(errorText('ko', code), code).toMatch(hangul);
      expect(errorText('en', code), code).not.toMatch(hangul);
    }
  });

  it('tells a customer who sends too fast to wait, in their language', () => {
    expect(errorText('en', 'RATE_LIMITED')).toBe('You are sending too fast; wait a moment.');
    expect(errorText('ko', 'RATE_LIMITED')).toBe(
      '메시지를 너무 빠르게 보내고 있습니다. 잠시 기다려 주세요.',
    );
  });

  it('reads an unknown code as a general problem', () => {
    expect(errorText('ko', 'FROM_A_NEWER_SERVER')).toBe(errorText('ko', 'INTERNAL'));
    expect(errorText('en', 'toString')).toBe(errorText('en', 'INTERNAL'));
  });
});
