// Markup (HTML, XML, Office XML) to plain text with a linear scanner: each tag is found with
// indexOf from the current position, so no input can make it backtrack.

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '',
  ndash: '\u2013',
  mdash: '\u2014',
  hyphen: '\u2010',
  minus: '\u2212',
  copy: '\u00a9',
  reg: '\u00ae',
  middot: '\u00b7',
  zwnj: '',
  zwj: '',
};

const ENTITY = /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi;

/** Replaces named and numeric character references; unknown names stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** How to turn markup into text. */
export interface MarkupOptions {
  /** Text emitted in place of a tag (opening, closing or empty), by lower-case tag name. */
  breaks: Readonly<Record<string, string>>;
  /** Text emitted for any other tag ('' keeps inline runs such as `<w:t>` pieces together). */
  otherTags: string;
  /** Emit breaks only for closing and empty tags (XML formats where every element is closed). */
  breakOnCloseOnly?: boolean;
  /** Elements whose content is dropped (HTML script and style). */
  dropContent?: readonly string[];
}

/** HTML: block elements become line breaks, inline ones vanish, scripts and styles are dropped. */
export const HTML_OPTIONS: MarkupOptions = {
  breaks: {
    ...Object.fromEntries(
      ['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol'].map(
        (tag) => [tag, '\n'],
      ),
    ),
    td: '\t',
    th: '\t',
  },
  otherTags: '',
  dropContent: ['script', 'style', 'head', 'title'],
};

/** Generic XML: every element boundary separates text. */
export const XML_OPTIONS: MarkupOptions = { breaks: {}, otherTags: '\n' };

/** The text and markup types we read, each with its markup options (null: plain text). */
export const MARKUP_EXTENSIONS: Readonly<Record<string, MarkupOptions | null>> = {
  txt: null,
  csv: null,
  html: HTML_OPTIONS,
  htm: HTML_OPTIONS,
  xhtml: HTML_OPTIONS,
  shtml: HTML_OPTIONS,
  dothtml: HTML_OPTIONS,
  pothtml: HTML_OPTIONS,
  ppthtml: HTML_OPTIONS,
  pubhtml: HTML_OPTIONS,
  xlhtml: HTML_OPTIONS,
  xlthtml: HTML_OPTIONS,
  xml: XML_OPTIONS,
  pdfxml: XML_OPTIONS,
  pptxml: XML_OPTIONS,
};

/** Converts markup to text per `options`, decoding character references. */
export function markupToText(markup: string, options: MarkupOptions): string {
  return convertMarkup(markup, options, true).text;
}

/** A character reference is shorter than this; text this near the end may hold a cut one. */
const ENTITY_TAIL = 40;
/** An unfinished construct (a comment, a script) longer than this is converted as it stands. */
const MAX_CARRY = 4 * 1024 * 1024;

/**
 * {@link markupToText} over markup that arrives in pieces: each piece is converted up to the
 * last construct (tag, comment, CDATA, dropped element, character reference) it completes; the
 * rest waits for the next piece. Gives the same text as converting the whole markup at once.
 */
export class MarkupStream {
  private carry = '';
  constructor(
    private readonly options: MarkupOptions,
    private readonly emit: (text: string) => void,
  ) {}

  push(piece: string): void {
    const markup = this.carry + piece;
    const { text, consumed } = convertMarkup(markup, this.options, markup.length > MAX_CARRY);
    this.carry = markup.slice(consumed);
    if (text) this.emit(text);
  }

  end(): void {
    const { text } = convertMarkup(this.carry, this.options, true);
    this.carry = '';
    if (text) this.emit(text);
  }
}

/**
 * The text of `markup`; when not `final`, stops before a construct that may continue in a later
 * piece and says how far it got.
 */
function convertMarkup(
  markup: string,
  options: MarkupOptions,
  final: boolean,
): { text: string; consumed: number } {
  const out: string[] = [];
  let pos = 0;
  while (pos < markup.length) {
    const open = markup.indexOf('<', pos);
    if (open < 0) {
      const amp = markup.lastIndexOf('&');
      const upTo = !final && amp >= pos && markup.length - amp < ENTITY_TAIL ? amp : markup.length;
      out.push(decodeEntities(markup.slice(pos, upTo)));
      pos = upTo;
      break;
    }
    if (!final && !constructEnds(markup, open, options)) break;
    if (open > pos) out.push(decodeEntities(markup.slice(pos, open)));
    if (markup.startsWith('<!--', open)) {
      pos = skipPast(markup, '-->', open + 4);
    } else if (markup.startsWith('<![CDATA[', open)) {
      const end = markup.indexOf(']]>', open + 9);
      out.push(markup.slice(open + 9, end < 0 ? markup.length : end));
      pos = end < 0 ? markup.length : end + 3;
    } else {
      const close = markup.indexOf('>', open + 1);
      const tagEnd = close < 0 ? markup.length : close;
      const name = tagName(markup, open + 1, tagEnd);
      const closes = markup[open + 1] === '/' || markup[tagEnd - 1] === '/';
      if (closes || options.breakOnCloseOnly !== true) {
        out.push(options.breaks[name] ?? options.otherTags);
      }
      pos = tagEnd + 1;
      if (
        options.dropContent?.includes(name) &&
        markup[open + 1] !== '/' &&
        markup[tagEnd - 1] !== '/'
      ) {
        pos = skipPastClosingTag(markup, name, pos);
      }
    }
  }
  return { text: out.join(''), consumed: Math.min(pos, markup.length) };
}

/** Whether the construct at `open` (a `<`) ends within `markup`. */
function constructEnds(markup: string, open: number, options: MarkupOptions): boolean {
  const rest = markup.slice(open, open + 9);
  if (rest.length < 9 && ('<!--'.startsWith(rest) || '<![CDATA['.startsWith(rest))) return false;
  if (markup.startsWith('<!--', open)) return markup.includes('-->', open + 4);
  if (markup.startsWith('<![CDATA[', open)) return markup.includes(']]>', open + 9);
  const close = markup.indexOf('>', open + 1);
  if (close < 0) return false;
  const name = tagName(markup, open + 1, close);
  const opensDropped =
    options.dropContent?.includes(name) === true &&
    markup[open + 1] !== '/' &&
    markup[close - 1] !== '/';
  return !opensDropped || closingTagEnd(markup, name, close + 1) >= 0;
}

function tagName(markup: string, from: number, to: number): string {
  let start = from;
  while (start < to && (markup[start] === '/' || markup[start] === '?' || markup[start] === '!'))
    start++;
  let end = start;
  while (end < to) {
    const code = markup.charCodeAt(end);
    if (code <= 32 || code === 0x2f || code === 0x3e) break;
    end++;
  }
  return markup.slice(start, end).toLowerCase();
}

function skipPast(markup: string, terminator: string, from: number): number {
  const at = markup.indexOf(terminator, from);
  return at < 0 ? markup.length : at + terminator.length;
}

function skipPastClosingTag(markup: string, name: string, from: number): number {
  const end = closingTagEnd(markup, name, from);
  return end < 0 ? markup.length : end;
}

/** Offset just past the first `</name>` at or after `from`, or -1. */
function closingTagEnd(markup: string, name: string, from: number): number {
  const closing = new RegExp(`</${name}\\s*>`, 'gi');
  closing.lastIndex = from;
  const match = closing.exec(markup);
  return match === null ? -1 : match.index + match[0].length;
}
