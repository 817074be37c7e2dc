import i18next from 'i18next';
import { adminEn } from './admin-en.ts';
import { adminKo } from './admin-ko.ts';

/** Adds the admin strings to i18next when the admin chunk loads (namespace `admin`). */
export function registerAdminStrings(): void {
  if (i18next.hasResourceBundle('en', 'admin')) return;
  i18next.addResourceBundle('en', 'admin', adminEn);
  i18next.addResourceBundle('ko', 'admin', adminKo);
}
