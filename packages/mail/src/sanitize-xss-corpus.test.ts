import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { corporaDir } from '../test/corpora.ts';
import { sanitizeMailHtml } from './sanitize.ts';

// DOMPurify's sanitizer fixtures through the mail HTML sanitiser: whatever comes out holds no
// script, no active element, no event handler and no script URL (stricter than DOMPurify's
// expected output is fine).
const corpora = corporaDir();
const fixtures =
  corpora === null
    ? []
    : (JSON.parse(readFileSync(join(corpora, 'xss-sanitizer', 'expect.json'), 'utf8')) as {
        title: string;
        payload: string;
      }[]);

const ACTIVE =
  /^(script|style|iframe|frame|frameset|object|embed|applet|form|input|button|textarea|select|base|meta|link|svg|math|template|noscript)$/i;
const SAFE_URL = /^(https?:|mailto:|tel:|cid:|data:image\/(png|jpe?g|gif|webp)[;,]|#|[^:]*$)/i;
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'background',
  'xlink:href',
  'srcset',
]);

function problems(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (ACTIVE.test(name)) found.push(`<${name}>`);
      for (const [key, value] of Object.entries(attributes)) {
        if (/^on/i.test(key)) found.push(`${name}[${key}]`);
        if (
          URL_ATTRIBUTES.has(key.toLowerCase()) &&
          !SAFE_URL.test(value.replace(/[\s\p{Cc}]/gu, ''))
        ) {
          found.push(`${name}[${key}=${value}]`);
        }
        if (key === 'style' && /expression\(|javascript:|behavior:|-moz-binding/i.test(value)) {
          found.push(`${name}[style=${value}]`);
        }
      }
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

describe.skipIf(corpora === null)('sanitizeMailHtml against the XSS corpus', () => {
  it('has the corpus', () => {
    expect(fixtures.length).toBeGreaterThan(200);
  });

  it.each(fixtures.map((fixture, index) => [index, fixture.title, fixture.payload] as const))(
    '#%i %s leaves nothing active',
    (_index, _title, payload) => {
      const clean = sanitizeMailHtml(payload);
      expect(problems(clean)).toEqual([]);
      // Sanitising again changes nothing: the output is stable, not a half-cleaned string.
      expect(sanitizeMailHtml(clean)).toBe(clean);
    },
  );
});
