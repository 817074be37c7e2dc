import {
  adminEntryPointListSchema,
  adminEntryPointSchema,
  entryPointBodySchema,
  idParamsSchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createEntryPoint,
  deleteEntryPoint,
  listAdminEntryPoints,
  updateEntryPoint,
} from '../services/admin/entry-points.ts';
import type { Deps } from '../services/deps.ts';
import { authGuards } from './auth-hooks.ts';

/** Chat entry points and their virtual assistant (§7, R-CH-2): admins change, supervisors read. */
export const entryPointRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { requireRole } = authGuards(deps);
  const admin = { preHandler: requireRole('admin') };
  const read = { preHandler: requireRole('admin', 'supervisor') };
  const tags = ['admin'];
  const one = z.object({ entryPoint: adminEntryPointSchema });

  app.get(
    '/api/v1/admin/entry-points',
    { ...read, schema: { tags, response: { 200: adminEntryPointListSchema } } },
    async () => ({ entryPoints: await listAdminEntryPoints(deps) }),
  );
  app.post(
    '/api/v1/admin/entry-points',
    { ...admin, schema: { tags, body: entryPointBodySchema, response: { 201: one } } },
    async (request, reply) =>
      reply.status(201).send({ entryPoint: await createEntryPoint(deps, request.body) }),
  );
  app.put(
    '/api/v1/admin/entry-points/:id',
    {
      ...admin,
      schema: { tags, params: idParamsSchema, body: entryPointBodySchema, response: { 200: one } },
    },
    async (request) => ({
      entryPoint: await updateEntryPoint(deps, request.params.id, request.body),
    }),
  );
  app.delete(
    '/api/v1/admin/entry-points/:id',
    { ...admin, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteEntryPoint(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
