import 'i18next';
import type { AdminDictionary } from '../features/admin/i18n/admin-en.ts';
import type { Dictionary } from './en.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The admin namespace is registered by the lazily loaded admin chunk.
    resources: { translation: Dictionary; admin: AdminDictionary };
  }
}
