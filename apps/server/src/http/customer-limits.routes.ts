import { customerLimitsSchema } from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../services/deps.ts';
import type { RateLimits } from '../services/rate-limits.ts';
import { authGuards } from './auth-hooks.ts';

/** What customers may do per minute: admins set it, supervisors may read it. */
export const customerLimitsRoutes: FastifyPluginAsyncZod<{
  deps: Deps;
  rateLimits: RateLimits;
}> = async (app, { deps, rateLimits }) => {
  const { requireRole } = authGuards(deps);

  app.get(
    '/api/v1/admin/customer-limits',
    {
      schema: { tags: ['admin'], response: { 200: customerLimitsSchema } },
      preHandler: requireRole('admin', 'supervisor'),
    },
    () => rateLimits.customerLimits(),
  );

  app.put(
    '/api/v1/admin/customer-limits',
    {
      schema: {
        tags: ['admin'],
        body: customerLimitsSchema,
        response: { 200: customerLimitsSchema },
      },
      preHandler: requireRole('admin'),
    },
    (request) => rateLimits.saveCustomerLimits(request.body),
  );
};
