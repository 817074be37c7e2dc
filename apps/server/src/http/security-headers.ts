import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  // A mail's remote images, once the agent chooses "Show images": its sandboxed srcdoc frame
  // inherits this policy, so they must pass here too. The frame's own CSP blocks them until then.
  imgSrc: ["'self'", 'data:', 'https:', 'http:'],
  // The page's own origin only: 'self' also allows ws:/wss: to the same host (CSP level 3).
  connectSrc: ["'self'"],
  frameAncestors: ["'self'"],
};

/** Over plain HTTP: asking the browser to upgrade would break every asset on a LAN address. */
const plainHttp: FastifyHelmetOptions = {
  contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: null } },
  strictTransportSecurity: false,
  // The widget script is loaded by customers' own sites.
  crossOriginResourcePolicy: { policy: 'cross-origin' },
};

/** Over HTTPS: keep the browser on HTTPS for this host from now on. */
const https: FastifyHelmetOptions = {
  contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: [] } },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
};

/**
 * Hardening headers on every answer. `upgrade-insecure-requests` and HSTS only when the page is
 * served over HTTPS: the request came in encrypted (or said so through a trusted proxy's
 * X-Forwarded-Proto), or `PUBLIC_URL` is https.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  { publicUrl }: { publicUrl: string | undefined },
) {
  const alwaysHttps = publicUrl?.startsWith('https://') ?? false;
  const overHttps = (request: FastifyRequest) => alwaysHttps || request.protocol === 'https';
  await app.register(fastifyHelmet, { ...plainHttp, global: false });
  app.addHook('onRequest', async (request, reply) => {
    reply.helmet(overHttps(request) ? https : undefined);
  });
}
