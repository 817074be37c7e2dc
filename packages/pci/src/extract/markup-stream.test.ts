import { describe, expect, it } from 'vitest';
import { HTML_OPTIONS, markupToText, MarkupStream, XML_OPTIONS } from './markup.ts';

const html =
  '<html><head><title>4111 1111 1111 1111</title></head><body><p>Card&nbsp;&#52;111 1111</p>' +
  '<!-- 5500 0000 0000 0004 --><script>var a = "<p>1234</p>";</script><![CDATA[ raw & < ]]>' +
  '<table><tr><td>A&amp;B</td><td>x &lt; y</td></tr></table><style>p{}</style>tail &amp end';

function streamed(markup: string, options = HTML_OPTIONS, cuts: number[]): string {
  const out: string[] = [];
  const stream = new MarkupStream(options, (text) => out.push(text));
  let from = 0;
  for (const cut of [...cuts, markup.length]) {
    stream.push(markup.slice(from, cut));
    from = cut;
  }
  stream.end();
  return out.join('');
}

describe('MarkupStream', () => {
  it('gives the text of markupToText however the markup is cut into pieces', () => {
    const whole = markupToText(html, HTML_OPTIONS);
    for (let cut = 1; cut < html.length; cut++) {
      expect(streamed(html, HTML_OPTIONS, [cut])).toBe(whole);
    }
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      const cuts: number[] = [];
      for (let at = 0; at < html.length;) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        at += 1 + (seed % 12);
        if (at < html.length) cuts.push(at);
      }
      expect(streamed(html, HTML_OPTIONS, cuts)).toBe(whole);
      expect(streamed(html, XML_OPTIONS, cuts)).toBe(markupToText(html, XML_OPTIONS));
    }
  });
});
