import { describe, expect, it } from 'vitest';
import { inlineDataImages } from './inline-images.ts';
import { sanitizeMailHtml } from './sanitize.ts';

const pixel =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('inline images of a standard reply', () => {
  it('turn each data: picture into an inline part named by cid:, one part per picture', () => {
    const html = sanitizeMailHtml(
      `<p>Here:</p><img src="data:image/png;base64,${pixel}" alt="photo">` +
        `<p><img src="data:image/png;base64,${pixel}"></p>`,
    );
    const { html: sent, attachments } = inlineDataImages(html, 'sangdam.local');
    expect(attachments).toHaveLength(1);
    const [part] = attachments;
    expect(part!.disposition).toBe('inline');
    expect(part!.contentType).toBe('image/png');
    expect(part!.contentId).toMatch(/^img-[0-9a-f]{24}@sangdam\.local$/);
    expect(Buffer.from(part!.content).toString('base64')).toBe(pixel);
    expect(sent).not.toContain('data:');
    expect(sent.match(/src="cid:img-[0-9a-f]{24}@sangdam\.local"/g)).toHaveLength(2);
    expect(sent).toContain('alt="photo"');
  });

  it('leave linked and cid: pictures, and other HTML, as they are', () => {
    const html = '<p>Hi</p><img src="https://example.com/a.png"><img src="cid:x@y">';
    expect(inlineDataImages(html, 'sangdam.local')).toEqual({ html, attachments: [] });
  });
});
