import { referenceDataSchema } from '@sangdam/contracts';
import { listIdleReasons, listQueues, listWrapUpReasons } from '@sangdam/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../services/deps.ts';
import { authGuards } from './auth-hooks.ts';

/** Lists the desktop needs: reasons and queues. */
export const referenceRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { requireSession } = authGuards(deps);

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
};
