import { errorCodes } from '@sangdam/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { ko } from '../i18n/ko.ts';
import { AppError, errorText } from './app-error.ts';

const i18n = i18next.createInstance();

describe('errorText', () => {
  beforeAll(async () => {
    await i18n.init({
      lng: 'ko',
      fallbackLng: 'en',
      resources: { en: { translation: en }, ko: { translation: ko } },
    });
  });

  it("shows the desktop's own Korean text for every server code, never the server's message", () => {
    for (const code of errorCodes) {
      const text = errorText(i18n.t, new AppError(code, 'English text from the server'));
      expect(text, code).toBe(ko.errors[code]);
      expect(text, code).not.toBe(en.errors[code]);
    }
  });

  it('reads a code this build does not know, or no code at all, as the generic text', () => {
    expect(errorText(i18n.t, new AppError('FROM_A_NEWER_SERVER', 'Some English'))).toBe(
      ko.errors.generic,
    );
    expect(errorText(i18n.t, new Error('boom'))).toBe(ko.errors.INTERNAL);
  });
});
