/** A run of message text: plain, or a link a client may render as an anchor. */
export type TextPart =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

interface ParsedUrl {
  readonly protocol: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly href: string;
}

// The WHATWG URL class exists wherever the contracts run (browsers, Node); this package builds
// without DOM or Node types, so it names only what it uses.
declare const URL: new (input: string) => ParsedUrl;

/** The only schemes a message link may use; anything else stays plain text. */
const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);

// Printable ASCII but < and >, so Korean text written right after a URL ("https://a.kr에서")
// and markup around it stay outside the link.
const candidate = /\b(?:https?:\/\/|mailto:)[\x21-\x3b=?-\x7e]+/gi;
const trailingPunctuation = /[.,;:!?'"]$/;

/** Drops what usually ends a sentence rather than a URL, and a ")" that opened outside it. */
function trimEnd(raw: string): string {
  let url = raw;
  for (;;) {
    if (trailingPunctuation.test(url)) url = url.slice(0, -1);
    else if (url.endsWith(')') && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
    else if (url.endsWith(']') && count(url, '[') < count(url, ']')) url = url.slice(0, -1);
    else return url;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function safeHref(text: string): string | null {
  let url: ParsedUrl;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (!allowedProtocols.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  if (url.protocol === 'mailto:' && url.pathname === '') return null;
  return url.href;
}

/**
 * Splits chat text into plain runs and http/https/mailto links. Clients render each part
 * as a text node or an anchor with that href; the text itself is never parsed as HTML.
 */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plainFrom = 0;
  for (const match of text.matchAll(candidate)) {
    const start = match.index;
    const linkText = trimEnd(match[0]);
    const href = safeHref(linkText);
    if (href === null) continue;
    if (start > plainFrom) parts.push({ kind: 'text', text: text.slice(plainFrom, start) });
    parts.push({ kind: 'link', text: linkText, href });
    plainFrom = start + linkText.length;
  }
  if (plainFrom < text.length) parts.push({ kind: 'text', text: text.slice(plainFrom) });
  return parts;
}
