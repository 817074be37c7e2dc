import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtFrontEnds } from '@sangdam/server/src/http/front-ends.ts';
import { describe, expect, it } from 'vitest';

/** Issue 12: what the desktop loads before anything else, gzipped, at most. */
const initialBudgetBytes = 350_000;

/** The scripts the built index.html loads at once: its module entry and what it preloads. */
function initialScripts(html: string): string[] {
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  return tags.flatMap((tag) => {
    const module = /\btype="module"/.test(tag) && /\bsrc="([^"]+)"/.exec(tag);
    const preload = /\brel="modulepreload"/.test(tag) && /\bhref="([^"]+)"/.exec(tag);
    const path = (module || preload || [])[1];
    return path ? [path] : [];
  });
}

describe('the built desktop (after `npm run build`)', () => {
  it('loads at most 350 KB of JavaScript gzipped at first, without the reply editor', async () => {
    const dist = builtFrontEnds.desktop;
    const scripts = initialScripts(await readFile(join(dist, 'index.html'), 'utf8'));
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    const sizes: string[] = [];
    for (const path of scripts) {
      const code = await readFile(join(dist, path));
      const gzipped = gzipSync(code, { level: 9 }).length;
      total += gzipped;
      sizes.push(`${path} ${(gzipped / 1000).toFixed(1)} KB`);
      // TipTap's editor (ProseMirror) stays in the lazy chunk of the standard reply.
      expect(code.toString('utf8'), `${path} holds the editor`).not.toContain('ProseMirror');
    }
    console.log(
      `desktop initial JS: ${(total / 1000).toFixed(1)} KB gzip of ${initialBudgetBytes / 1000} KB (${sizes.join(', ')})`,
    );
    expect(total).toBeLessThanOrEqual(initialBudgetBytes);
  });
});
