import { compile } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

const TABLE_ATTRIBUTES = [
  'align',
  'valign',
  'width',
  'height',
  'bgcolor',
  'border',
  'cellpadding',
  'cellspacing',
  'colspan',
  'rowspan',
  'dir',
];

// Browsers skip whitespace and control characters inside a URL's scheme (`java\tscript:`), and
// sanitize-html's own check misses some Unicode spaces: judge URLs and styles with them removed.
const INVISIBLE = /[\s\p{Cc}\p{Cf}\u180e\u2028\u2029]/gu;
const LINK = /^(https?:|mailto:|tel:|#|[^:]*$)/i;
const IMAGE = /^(https?:|cid:|data:image\/(png|jpe?g|gif|webp)[;,])/i;
// Old browsers ran script from CSS; a style that tries is dropped whole (escapes included).
const ACTIVE_STYLE = /expression\(|javascript:|vbscript:|behavior:|-moz-binding|-o-link|\\/i;

function cleanAttributes(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const clean: sanitizeHtml.Attributes = {};
  for (const [key, value] of Object.entries(attribs)) {
    const compact = value.replace(INVISIBLE, '');
    if (key === 'href' && !LINK.test(compact)) continue;
    if (key === 'src' && !IMAGE.test(compact)) continue;
    if (key === 'style' && ACTIVE_STYLE.test(compact.replace(/\/\*.*?\*\//g, ''))) continue;
    clean[key] = value;
  }
  if (tagName === 'a') Object.assign(clean, { rel: 'noopener noreferrer', target: '_blank' });
  return { tagName, attribs: clean };
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags,
    'img',
    'font',
    'center',
    'u',
    's',
    'strike',
    'del',
    'ins',
    'sup',
    'sub',
    'small',
    'big',
    'colgroup',
    'col',
  ],
  // Inline styles and the layout attributes of tables are what mail clients build with: without
  // them a newsletter or an Outlook signature falls apart. Scripts, handlers (on…), forms,
  // frames and objects are not in the list, so they go.
  allowedAttributes: {
    '*': ['style', 'title', 'lang', 'dir', 'align', 'class'],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'border'],
    font: ['color', 'face', 'size'],
    table: TABLE_ATTRIBUTES,
    tr: TABLE_ATTRIBUTES,
    td: TABLE_ATTRIBUTES,
    th: TABLE_ATTRIBUTES,
    tbody: TABLE_ATTRIBUTES,
    thead: TABLE_ATTRIBUTES,
    tfoot: TABLE_ATTRIBUTES,
    col: TABLE_ATTRIBUTES,
    colgroup: TABLE_ATTRIBUTES,
    ol: ['start', 'type'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'] },
  allowProtocolRelative: false,
  transformTags: { '*': cleanAttributes },
};

/** Customer HTML made safe to show: tables, inline styles and `cid:` images kept. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

// Compiled once: html-to-text otherwise rebuilds its selector tree on every call (most of its time).
const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'dataTable' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
  ],
});

/** Readable plain text of an HTML body (for mail that has no text part). */
export function textOfHtml(html: string): string {
  return toText(html).trim();
}
