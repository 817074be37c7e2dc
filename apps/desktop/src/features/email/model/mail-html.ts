import type { BodyMetrics } from './mail-frame.ts';
import { textUnits } from './mail-frame.ts';

/** A mail's HTML made ready for its frame. */
export interface PreparedHtml {
  /** The body's inner HTML. */
  body: string;
  /** Remote images (elements and CSS backgrounds) the mail asks for. */
  remoteImages: number;
  /** Whether quoted history was found at the end (folded unless `showQuoted`). */
  hasQuoted: boolean;
  metrics: BodyMetrics;
}

// A remote address anywhere in the value (a `srcset` lists several).
const remoteUrl = /(^|[\s,])https?:/i;
// Where a mail asks for an image: the frame's CSP blocks them too, but Chromium still starts the
// request for some (a table's `background`) before its CSP check, so they go here first.
const remoteImageAttributes = ['src', 'srcset', 'lowsrc', 'dynsrc', 'background', 'poster'];
const remoteCssUrl = /url\(\s*['"]?\s*https?:/gi;
const absoluteLink = /^\s*(https?:|mailto:|tel:)/i;
// What the common mail clients wrap the quoted history in (Gmail, Thunderbird, Apple, Yahoo).
const quoteSelector = '.gmail_quote, .moz-cite-prefix, .yahoo_quoted, blockquote';
// The server sanitises every mail on ingest; these go again here in case a mail slipped past
// it (the frame's sandbox and CSP would still stop them running or loading).
const activeSelector =
  'script, noscript, meta, link, base, style, iframe, frame, frameset, object, embed, applet, form, svg, math, template';
const urlAttributes = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'background',
  'poster',
  'srcset',
  'dynsrc',
  'lowsrc',
  'ping',
]);
// Browsers skip blanks and control characters inside a URL's scheme (`java\tscript:`).
const invisible = /[\s\p{Cc}\p{Cf}]/gu;
const safeUrl = /^(https?:|mailto:|tel:|cid:|#|data:image\/(png|jpe?g|gif|webp)[;,]|[^:]*$)/i;
const blockSelector = 'br, p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre, hr';

/** The first quote block after which nothing but more quoted history follows. */
function trailingQuote(body: HTMLElement): Element | null {
  const candidates = [...body.querySelectorAll(quoteSelector)];
  for (const candidate of candidates) {
    const range = body.ownerDocument.createRange();
    range.setStartAfter(candidate);
    range.setEndAfter(body.lastChild ?? candidate);
    const after = range.cloneContents();
    for (const quote of after.querySelectorAll(quoteSelector)) quote.remove();
    if ((after.textContent ?? '').trim() === '') return candidate;
  }
  return null;
}

/** A `cid:` URL's Content-ID (percent-encoded per RFC 2392), without angle brackets. */
function decodeCid(value: string): string {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Not valid percent-encoding: the value as written.
  }
  return decoded.trim().replace(/^<|>$/g, '');
}

function metricsOf(body: HTMLElement): BodyMetrics {
  let extraPx = 0;
  for (const image of body.querySelectorAll('img')) {
    const height = Number(image.getAttribute('height'));
    extraPx += Number.isFinite(height) && height > 0 ? Math.min(height, 400) : 24;
  }
  return {
    units: textUnits(body.textContent ?? ''),
    breaks: body.querySelectorAll(blockSelector).length,
    extraPx,
  };
}

/**
 * Parses the (server-sanitised) HTML of a mail in an inert document — nothing in it loads or
 * runs — and prepares it for the frame: anything active dropped again, remote images counted and, unless `showImages`, left
 * without their address; links forced to a new tab without opener or referrer (relative ones
 * made inert); the quoted history at the end folded unless `showQuoted`.
 */
export function prepareMailHtml(
  html: string,
  options: {
    showImages: boolean;
    showQuoted: boolean;
    /** Where the mail's own image with this Content-ID loads from (undefined: not kept). */
    cidUrl?: (contentId: string) => string | undefined;
  },
): PreparedHtml {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const { body } = doc;
  for (const active of body.querySelectorAll(activeSelector)) active.remove();
  for (const element of body.querySelectorAll('*')) {
    for (const name of element.getAttributeNames()) {
      const lower = name.toLowerCase();
      const value = (element.getAttribute(name) ?? '').replace(invisible, '');
      const badUrl = urlAttributes.has(lower) && !safeUrl.test(value);
      if (lower.startsWith('on') || badUrl) element.removeAttribute(name);
    }
  }
  let remoteImages = 0;
  for (const element of body.querySelectorAll('*')) {
    const remote = remoteImageAttributes.filter((name) =>
      remoteUrl.test(element.getAttribute(name) ?? ''),
    );
    if (remote.length === 0) continue;
    remoteImages += 1;
    if (options.showImages) continue;
    for (const name of remote) element.removeAttribute(name);
    if (element.tagName === 'IMG') {
      element.classList.add('sd-blocked');
      if (!element.getAttribute('alt')) element.setAttribute('alt', '');
    }
  }
  // The mail's own images (`cid:`) from the contact's image route; an image not kept shows empty.
  for (const image of body.querySelectorAll('img[src^="cid:" i]')) {
    const contentId = decodeCid((image.getAttribute('src') ?? '').slice(4));
    const url = options.cidUrl?.(contentId);
    if (url) image.setAttribute('src', url);
    else image.removeAttribute('src');
  }
  for (const styled of body.querySelectorAll('[style]')) {
    const style = styled.getAttribute('style') ?? '';
    const found = style.match(remoteCssUrl)?.length ?? 0;
    remoteImages += found;
    if (found > 0 && !options.showImages) {
      styled.setAttribute('style', style.replace(/url\([^)]*\)/gi, 'none'));
    }
  }
  for (const link of body.querySelectorAll('a')) {
    const href = link.getAttribute('href');
    if (href !== null && !absoluteLink.test(href)) link.removeAttribute('href');
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
  }
  const quote = trailingQuote(body);
  let hasQuoted = false;
  if (quote) {
    const whole = body.cloneNode(true) as HTMLElement;
    const range = doc.createRange();
    range.setStartBefore(quote);
    range.setEndAfter(body.lastChild ?? quote);
    range.deleteContents();
    // Folded only when what stays still says something.
    hasQuoted = (body.textContent ?? '').trim() !== '' || body.querySelector('img') !== null;
    if (!hasQuoted || options.showQuoted) body.replaceChildren(...whole.childNodes);
  }
  return { body: body.innerHTML, remoteImages, hasQuoted, metrics: metricsOf(body) };
}
