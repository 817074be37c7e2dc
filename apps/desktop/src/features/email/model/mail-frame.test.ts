import { describe, expect, it } from 'vitest';
import {
  estimateFrameHeight,
  frameCsp,
  frameDocument,
  frameMaxPx,
  frameMinPx,
  textMetrics,
  textUnits,
} from './mail-frame.ts';

describe('the frame a mail’s HTML is shown in', () => {
  it('loads nothing from outside: no scripts, frames, fonts, forms; images only when shown', () => {
    const blocked = frameCsp(false);
    expect(blocked).toContain("default-src 'none'");
    expect(blocked).toContain('img-src data:;');
    expect(blocked).not.toMatch(/https?:/);
    expect(blocked).not.toContain('script-src');
    expect(frameCsp(true)).toContain('img-src data: https: http:');
    expect(frameCsp(true)).toContain("default-src 'none'");
  });

  it('puts the policy first in the head, and sends links to a new tab', () => {
    const doc = frameDocument('<p>Hello</p>', false);
    const head = doc.slice(0, doc.indexOf('<body>'));
    expect(head.indexOf('Content-Security-Policy')).toBeLessThan(head.indexOf('<style>'));
    expect(head).toContain('<base target="_blank">');
    expect(head).toContain('content="no-referrer"');
    expect(doc).toContain('<body><p>Hello</p></body>');
  });

  it('counts Korean characters as wide when sizing', () => {
    expect(textUnits('abc')).toBe(3);
    expect(textUnits('안녕하세요')).toBe(10);
    expect(textUnits('a\nb')).toBe(2);
  });

  it('sizes the frame to the mail, within limits', () => {
    const short = estimateFrameHeight(textMetrics('Thanks!'), 600);
    const longer = estimateFrameHeight(textMetrics('line\n'.repeat(8)), 600);
    expect(short).toBe(frameMinPx);
    expect(longer).toBeGreaterThan(short);
    expect(estimateFrameHeight(textMetrics('x'.repeat(100_000)), 600)).toBe(frameMaxPx);
    // The same text wraps to more lines in a narrower frame.
    const text = textMetrics('word '.repeat(60));
    expect(estimateFrameHeight(text, 300)).toBeGreaterThan(estimateFrameHeight(text, 900));
  });
});
