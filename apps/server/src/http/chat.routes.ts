import {
  entryPointPublicSchema,
  idempotencyKeySchema,
  startChatBodySchema,
  startChatResponseSchema,
} from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { findEntryPoint } from '@sangdam/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { startChat } from '../services/chat/chat.ts';
import type { Deps } from '../services/deps.ts';
import type { RateLimits } from '../services/rate-limits.ts';

/** Customer-facing endpoints of the widget: public, rate limited, CORS-enabled. */
export const chatRoutes: FastifyPluginAsyncZod<{ deps: Deps; rateLimits: RateLimits }> = async (
  app,
  { deps, rateLimits },
) => {
  app.get(
    '/api/v1/entry-points/:id',
    {
      schema: {
        tags: ['widget'],
        params: z.object({ id: z.union([z.literal('default'), z.uuid()]) }),
        response: { 200: entryPointPublicSchema },
      },
      onRequest: (request) => rateLimits.admitCustomer(request.ip, null),
    },
    async (request) => {
      const id = request.params.id === 'default' ? undefined : request.params.id;
      const entryPoint = await findEntryPoint(deps.db, id);
      if (!entryPoint) {
        throw new AppError('ENTRY_POINT_NOT_FOUND', 'This chat is not available any more');
      }
      const { name, greeting, nameField, emailField } = entryPoint;
      return { id: entryPoint.id, name, greeting, nameField, emailField };
    },
  );

  app.post(
    '/api/v1/chats',
    {
      schema: {
        tags: ['widget'],
        description:
          'Starts a chat. A repeated `Idempotency-Key` answers the chat the first request ' +
          'started (same id and customer token) and starts none.',
        headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
        body: startChatBodySchema,
        response: { 201: startChatResponseSchema },
      },
      onRequest: (request) => rateLimits.admitChatStart(request.ip),
    },
    async (request, reply) => {
      const started = await startChat(deps, request.body, request.headers['idempotency-key']);
      return reply.status(201).send(started);
    },
  );
};
