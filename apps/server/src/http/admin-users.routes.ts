import {
  adminUserSchema,
  createdUserSchema,
  idParamsSchema,
  temporaryPasswordSchema,
  userBodySchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUser,
  deactivateUser,
  reactivateUser,
  resetPassword,
  updateUser,
} from '../services/admin/users.ts';
import type { Deps } from '../services/deps.ts';
import { authGuards, signedInOf } from './auth-hooks.ts';

/**
 * Accounts (SPEC §7): admins create, edit, deactivate and reactivate users and reset their
 * passwords. Listing users and their routing stays in admin.routes.ts.
 */
export const adminUserRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { requireRole } = authGuards(deps);
  const write = { preHandler: requireRole('admin') };
  const tags = ['admin'];
  const userResponse = { 200: z.object({ user: adminUserSchema }) };

  app.post(
    '/api/v1/admin/users',
    { ...write, schema: { tags, body: userBodySchema, response: { 201: createdUserSchema } } },
    async (request, reply) => reply.status(201).send(await createUser(deps, request.body)),
  );
  app.put(
    '/api/v1/admin/users/:id',
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: userBodySchema, response: userResponse },
    },
    async (request) => ({
      user: await updateUser(deps, signedInOf(request).user.id, request.params.id, request.body),
    }),
  );
  app.post(
    '/api/v1/admin/users/:id/password-reset',
    {
      ...write,
      schema: { tags, params: idParamsSchema, response: { 200: temporaryPasswordSchema } },
    },
    async (request) => ({ temporaryPassword: await resetPassword(deps, request.params.id) }),
  );
  app.post(
    '/api/v1/admin/users/:id/deactivate',
    { ...write, schema: { tags, params: idParamsSchema, response: userResponse } },
    async (request) => {
      const { user } = await deactivateUser(deps, signedInOf(request).user.id, request.params.id);
      return { user };
    },
  );
  app.post(
    '/api/v1/admin/users/:id/reactivate',
    { ...write, schema: { tags, params: idParamsSchema, response: userResponse } },
    async (request) => ({ user: await reactivateUser(deps, request.params.id) }),
  );
};
