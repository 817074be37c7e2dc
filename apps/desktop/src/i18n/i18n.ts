import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { ko } from './ko.ts';

export const supportedLanguages = ['en', 'ko'] as const;
export type Language = (typeof supportedLanguages)[number];

/** Where the agent's language choice is kept between visits. */
const storageKey = 'sangdam.language';

export function toLanguage(value: string | undefined): Language {
  return value?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** Starts i18next once: stored choice first, then the browser's language, English otherwise. */
export async function initI18n(): Promise<void> {
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = toLanguage(lng);
  });
  await i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: { en: { translation: en }, ko: { translation: ko } },
      supportedLngs: [...supportedLanguages],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: storageKey,
        caches: ['localStorage'],
      },
    });
}
