import {
  idParamsSchema,
  predefinedResponseBodySchema,
  predefinedResponseListSchema,
  predefinedResponseSchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../services/deps.ts';
import {
  createResponse,
  deleteResponse,
  listResponses,
  updateResponse,
} from '../services/admin/predefined-responses.ts';
import { authGuards } from './auth-hooks.ts';

/**
 * Predefined chat responses (R-CH-4): everyone signed in reads them (agents insert them into
 * replies), admins change them. Every mutation passes the CSRF check of `requireRole`.
 */
export const predefinedResponseRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (
  app,
  { deps },
) => {
  const { requireRole, requireSession } = authGuards(deps);
  const write = { preHandler: requireRole('admin') };
  const tags = ['admin'];
  const one = z.object({ response: predefinedResponseSchema });

  app.get(
    '/api/v1/predefined-responses',
    {
      preHandler: requireSession,
      schema: { tags: ['desktop'], response: { 200: predefinedResponseListSchema } },
    },
    async () => ({ responses: await listResponses(deps) }),
  );
  app.post(
    '/api/v1/admin/predefined-responses',
    { ...write, schema: { tags, body: predefinedResponseBodySchema, response: { 201: one } } },
    async (request, reply) =>
      reply.status(201).send({ response: await createResponse(deps, request.body) }),
  );
  app.put(
    '/api/v1/admin/predefined-responses/:id',
    {
      ...write,
      schema: {
        tags,
        params: idParamsSchema,
        body: predefinedResponseBodySchema,
        response: { 200: one },
      },
    },
    async (request) => ({ response: await updateResponse(deps, request.params.id, request.body) }),
  );
  app.delete(
    '/api/v1/admin/predefined-responses/:id',
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteResponse(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
