import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the front ends. */
export const builtFrontEnds = {
  desktop: fileURLToPath(new URL('../../../desktop/dist', import.meta.url)),
  widget: fileURLToPath(new URL('../../../widget/dist', import.meta.url)),
};
export type FrontEndDirs = typeof builtFrontEnds;

/** Vite's output under `assets/` carries a content hash in its name: it never changes. */
const forever = 'public, max-age=31536000, immutable';
/** Everything else (index.html, the widget loader, the demo) is revalidated on every use. */
const revalidate = 'no-cache';

const cacheRules = (root: string) => (reply: FastifyReply, path: string) => {
  const hashed = relative(root, path).startsWith(`assets${sep}`);
  reply.header('cache-control', hashed ? forever : revalidate);
};

/**
 * The desktop at `/` (single-page app), the widget bundle at `/widget/`, its demo at `/demo`.
 * Files compressed at build (`.br`, `.gz`) are sent to browsers that accept them.
 */
export async function registerFrontEnds(app: FastifyInstance, dirs: FrontEndDirs = builtFrontEnds) {
  const built = existsSync(dirs.desktop) && existsSync(dirs.widget);
  if (built) {
    await app.register(fastifyStatic, {
      root: dirs.desktop,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
      preCompressed: true,
      cacheControl: false,
      setHeaders: cacheRules(dirs.desktop),
    });
    await app.register(fastifyStatic, {
      root: dirs.widget,
      prefix: '/widget/',
      decorateReply: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: cacheRules(dirs.widget),
    });
    app.get('/demo', { schema: { hide: true } }, (_request, reply) =>
      reply.sendFile('demo.html', dirs.widget),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !built) {
      return reply.status(404).send({
        code: 'NOT_FOUND',
        message: built ? 'No such endpoint' : 'Front ends are not built: run npm run build',
      });
    }
    return reply.type('text/html').sendFile('index.html', dirs.desktop);
  });
}
