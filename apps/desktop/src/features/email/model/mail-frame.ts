/**
 * The document a mail's HTML is shown in: a sandboxed frame (no scripts, no same origin) whose
 * own Content-Security-Policy lets nothing load from outside, except images once the agent asks.
 */

/** R-EM-1: remote images only when the agent chose "Show images"; never scripts, frames, fonts. */
export function frameCsp(showImages: boolean): string {
  const images = showImages ? 'img-src data: https: http:' : 'img-src data:';
  return ["default-src 'none'", images, "style-src 'unsafe-inline'", "form-action 'none'"].join(
    '; ',
  );
}

const frameStyle = `
html,body{margin:0;padding:0}
body{padding:2px 4px;font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans KR","Noto Sans CJK KR",sans-serif;color:#212529;overflow-wrap:anywhere;word-break:break-word}
img{max-width:100%}
table{max-width:100%}
pre{white-space:pre-wrap}
a{color:#4263eb}
blockquote{margin:8px 0;padding-left:10px;border-left:3px solid #dee2e6;color:#495057}
img.sd-blocked{display:inline-block;min-width:24px;min-height:16px;background:#f1f3f5;outline:1px dashed #ced4da;color:#868e96;font-size:12px}
`;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The whole `srcdoc` of a mail's frame around its (already sanitised and prepared) body. */
export function frameDocument(bodyHtml: string, showImages: boolean): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(frameCsp(showImages))}">` +
    '<meta name="referrer" content="no-referrer">' +
    // Every link leaves the frame for a new tab; the frame itself never navigates.
    '<base target="_blank">' +
    `<style>${frameStyle}</style></head><body>${bodyHtml}</body></html>`
  );
}

/** What a mail body holds, for sizing its frame (a sandboxed frame cannot be measured). */
export interface BodyMetrics {
  /** Characters, East Asian ones counted twice (they are about twice as wide). */
  units: number;
  /** Line and block breaks. */
  breaks: number;
  /** Height of images and other boxes, in pixels. */
  extraPx: number;
}

const lineHeightPx = 21;
const averageCharPx = 7.4;
export const frameMinPx = 72;
export const frameMaxPx = 560;

/** Width units of a piece of text: wide (CJK, Hangul) characters count twice. */
export function textUnits(text: string): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n' || char === '\r') continue;
    units += code >= 0x1100 && (code <= 0x115f || code >= 0x2e80) ? 2 : 1;
  }
  return units;
}

/** Metrics of a plain-text body. */
export function textMetrics(text: string): BodyMetrics {
  const lines = text.split('\n');
  return { units: textUnits(text), breaks: lines.length, extraPx: 0 };
}

/**
 * The frame height that shows the body whole in most mails: its lines at `widthPx`, clamped.
 * A longer mail scrolls inside its frame.
 */
export function estimateFrameHeight(metrics: BodyMetrics, widthPx: number): number {
  const perLine = Math.max(20, Math.floor(widthPx / averageCharPx));
  const wrapped = Math.ceil(metrics.units / perLine);
  const lines = Math.max(1, wrapped + metrics.breaks);
  const height = lines * lineHeightPx + metrics.extraPx + 12;
  return Math.min(frameMaxPx, Math.max(frameMinPx, height));
}
