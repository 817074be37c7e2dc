import { pickLang, type Lang } from './i18n.ts';

export interface EmbedConfig {
  /** Origin of the Sangdam server, e.g. `https://help.example.com`. */
  server: string;
  /** null: the server's default entry point. */
  entryPointId: string | null;
  lang: Lang;
}

export interface ScriptTag {
  /** The script's resolved `src`; empty when the script was inlined. */
  src: string;
  dataset: { entryPoint?: string; server?: string; lang?: string };
}

/**
 * Reads `<script src=".../widget/sangdam-widget.js" data-entry-point data-server data-lang>`.
 * The server is the script's own origin unless `data-server` names another.
 */
export function readEmbedConfig(
  script: ScriptTag,
  pageUrl: string,
  browserLanguage: string,
): EmbedConfig {
  const serverUrl = script.dataset.server?.trim() || script.src || pageUrl;
  const entryPointId = script.dataset.entryPoint?.trim() ?? '';
  return {
    server: new URL(serverUrl, pageUrl).origin,
    entryPointId: entryPointId === '' ? null : entryPointId,
    lang: pickLang(script.dataset.lang, browserLanguage),
  };
}
