import {
  changePasswordBodySchema,
  loginBodySchema,
  sessionResponseSchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changeOwnPassword, describeSession, login, logout } from '../services/admin/accounts.ts';
import type { Deps } from '../services/deps.ts';
import type { RateLimits } from '../services/rate-limits.ts';
import { authGuards, sessionCookie, signedInOf } from './auth-hooks.ts';

export interface SessionRoutesOptions {
  deps: Deps;
  ttlHours: number;
  secureCookies: boolean;
  rateLimits: RateLimits;
}

/** Sign in, who am I, sign out, change my password. */
export const sessionRoutes: FastifyPluginAsyncZod<SessionRoutesOptions> = async (app, options) => {
  const { deps } = options;
  const { requireSession } = authGuards(deps);

  app.post(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        body: loginBodySchema,
        response: { 200: sessionResponseSchema },
      },
      // After the body is parsed: the limit is per address and email.
      preHandler: (request) => options.rateLimits.admitLogin(request.ip, request.body.email),
    },
    async (request, reply) => {
      const { token, session } = await login(deps, request.body, options.ttlHours);
      reply.setCookie(sessionCookie, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies,
        maxAge: options.ttlHours * 3600,
      });
      return session;
    },
  );

  app.get(
    '/api/v1/session',
    {
      schema: { tags: ['session'], response: { 200: sessionResponseSchema } },
      preHandler: requireSession,
    },
    (request) => describeSession(deps, signedInOf(request)),
  );

  app.delete(
    '/api/v1/session',
    { schema: { tags: ['session'] }, preHandler: requireSession },
    async (request, reply) => {
      await logout(deps, signedInOf(request));
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/v1/session/password',
    {
      schema: { tags: ['session'], body: changePasswordBodySchema },
      // Each attempt checks the current password: limited like sign-in against guessing.
      preHandler: [
        requireSession,
        (request) => options.rateLimits.admitLogin(request.ip, signedInOf(request).user.email),
      ],
    },
    async (request, reply) => {
      await changeOwnPassword(deps, signedInOf(request), request.body);
      return reply.status(204).send();
    },
  );
};
