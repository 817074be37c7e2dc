import {
  presenceSchema,
  queueRefSchema,
  referenceDataSchema,
  userSchema,
} from '@sangdam/contracts';
import {
  listIdleReasons,
  listQueues,
  listUsers,
  listWrapUpReasons,
  loadPresence,
} from '@sangdam/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentUser } from '../services/accounts.ts';
import type { Deps } from '../services/deps.ts';
import { presentPresence } from '../services/presenters.ts';
import { authGuards } from './auth-hooks.ts';

/** Lists the desktop needs (reasons, queues) and the read-only admin overview. */
export const referenceRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { requireSession, requireRole } = authGuards(deps);

  app.get(
    '/api/v1/reference',
    {
      schema: { tags: ['desktop'], response: { 200: referenceDataSchema } },
      preHandler: requireSession,
    },
    async () => ({
      wrapUpReasons: await listWrapUpReasons(deps.db),
      idleReasons: await listIdleReasons(deps.db),
      queues: await listQueues(deps.db),
    }),
  );

  app.get(
    '/api/v1/admin/users',
    {
      schema: {
        tags: ['admin'],
        response: {
          200: z.object({ users: z.array(userSchema.extend({ presence: presenceSchema })) }),
        },
      },
      preHandler: requireRole('admin'),
    },
    async () => {
      const users = await listUsers(deps.db);
      return {
        users: await Promise.all(
          users.map(async (user) => ({
            ...presentUser(user),
            presence: presentPresence(await loadPresence(deps.db, user.id, deps.clock())),
          })),
        ),
      };
    },
  );

  app.get(
    '/api/v1/admin/queues',
    {
      schema: { tags: ['admin'], response: { 200: z.object({ queues: z.array(queueRefSchema) }) } },
      preHandler: requireRole('admin'),
    },
    async () => ({ queues: await listQueues(deps.db) }),
  );
};
