import {
  changePasswordBodySchema,
  loginBodySchema,
  sessionResponseSchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changeOwnPassword, describeSession, login, logout } from '../services/accounts.ts';
import type { Deps } from '../services/deps.ts';
import { authGuards, sessionCookie, signedInOf } from './auth-hooks.ts';

export interface SessionRoutesOptions {
  deps: Deps;
  ttlHours: number;
  secureCookies: boolean;
  loginPerMinute: number;
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
      config: {
        rateLimit: {
          max: options.loginPerMinute,
          timeWindow: '1 minute',
          keyGenerator: (request) => `${request.ip}:${emailOf(request.body)}`,
        },
      },
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
      preHandler: requireSession,
      // Each attempt checks the current password: limited like sign-in against guessing.
      config: {
        rateLimit: {
          max: options.loginPerMinute,
          timeWindow: '1 minute',
          keyGenerator: (request) => `password:${request.ip}`,
        },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(deps, signedInOf(request), request.body);
      return reply.status(204).send();
    },
  );
};

function emailOf(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.toLowerCase() : '';
}
