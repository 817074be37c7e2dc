import { createHash } from 'node:crypto';
import type { MailAttachment } from './types.ts';

// An <img> whose src is a base64 data: URL of a picture type the sanitiser keeps.
const DATA_IMAGE =
  /(<img\b[^>]*?\bsrc\s*=\s*)(["'])data:image\/(png|jpe?g|gif|webp);base64,([A-Za-z0-9+/=\s]+)\2/gi;

const extension: Record<string, string> = {
  png: 'png',
  jpg: 'jpg',
  jpeg: 'jpg',
  gif: 'gif',
  webp: 'webp',
};

/**
 * A standard reply's pictures as the customer's mail client shows them: each `data:` image of
 * the (sanitised) HTML becomes an inline MIME part the HTML names by `cid:` — many clients drop
 * `data:` URLs. The same picture twice is one part.
 */
export function inlineDataImages(
  html: string,
  domain: string,
): { html: string; attachments: MailAttachment[] } {
  const parts = new Map<string, MailAttachment>();
  const out = html.replace(
    DATA_IMAGE,
    (_match, start: string, quote: string, type: string, base64: string) => {
      const content = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
      const hash = createHash('sha256').update(content).digest('hex').slice(0, 24);
      const contentId = `img-${hash}@${domain}`;
      const kind = type.toLowerCase();
      if (!parts.has(contentId)) {
        parts.set(contentId, {
          fileName: `image-${parts.size + 1}.${extension[kind] ?? 'png'}`,
          contentType: `image/${kind === 'jpg' ? 'jpeg' : kind}`,
          contentId,
          disposition: 'inline',
          content: new Uint8Array(content),
        });
      }
      return `${start}${quote}cid:${contentId}${quote}`;
    },
  );
  return { html: out, attachments: [...parts.values()] };
}
