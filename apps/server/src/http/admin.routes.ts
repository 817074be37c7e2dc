import {
  adminProfileSchema,
  adminQueueSchema,
  adminReasonSchema,
  adminTeamSchema,
  adminUserSchema,
  channelSchema,
  channelSettingBodySchema,
  channelSettingSchema,
  idParamsSchema,
  idSchema,
  profileBodySchema,
  queueBodySchema,
  reasonBodySchema,
  reasonKindSchema,
  teamBodySchema,
  userRoutingBodySchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createProfile,
  deleteProfile,
  listProfilesForAdmin,
  updateProfile,
} from '../services/admin/profiles.ts';
import {
  createQueue,
  deleteQueue,
  listChannelOfferTimeouts,
  listQueuesForAdmin,
  setChannelTimeout,
  updateQueue,
} from '../services/admin/queues.ts';
import {
  createReason,
  deleteReason,
  listReasonsForAdmin,
  updateReason,
} from '../services/admin/reasons.ts';
import {
  createTeam,
  deleteTeam,
  listTeamsForAdmin,
  listUsersForAdmin,
  setAgentRouting,
  updateTeam,
} from '../services/admin/teams.ts';
import type { Deps } from '../services/deps.ts';
import { authGuards } from './auth-hooks.ts';

/**
 * Routing configuration (R-AV-2, R-AV-4, R-AV-7): supervisors and admins read, admins change.
 * Every mutation passes the CSRF check of `requireRole`.
 */
export const adminRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { requireRole } = authGuards(deps);
  const read = { preHandler: requireRole('admin', 'supervisor') };
  const write = { preHandler: requireRole('admin') };
  const tags = ['admin'];
  const noContent = { 204: z.null() };

  app.get(
    '/api/v1/admin/users',
    { ...read, schema: { tags, response: { 200: z.object({ users: z.array(adminUserSchema) }) } } },
    async () => ({ users: await listUsersForAdmin(deps) }),
  );
  app.put(
    '/api/v1/admin/users/:id/routing',
    {
      ...write,
      schema: {
        tags,
        params: idParamsSchema,
        body: userRoutingBodySchema,
        response: { 200: z.object({ user: adminUserSchema }) },
      },
    },
    async (request) => ({ user: await setAgentRouting(deps, request.params.id, request.body) }),
  );

  app.get(
    '/api/v1/admin/channels',
    {
      ...read,
      schema: { tags, response: { 200: z.object({ channels: z.array(channelSettingSchema) }) } },
    },
    async () => ({ channels: await listChannelOfferTimeouts(deps) }),
  );
  app.put(
    '/api/v1/admin/channels/:channel',
    {
      ...write,
      schema: {
        tags,
        params: z.object({ channel: channelSchema }),
        body: channelSettingBodySchema,
        response: { 200: z.object({ channel: channelSettingSchema }) },
      },
    },
    async (request) => ({
      channel: await setChannelTimeout(deps, request.params.channel, request.body),
    }),
  );

  app.get(
    '/api/v1/admin/queues',
    {
      ...read,
      schema: { tags, response: { 200: z.object({ queues: z.array(adminQueueSchema) }) } },
    },
    async () => ({ queues: await listQueuesForAdmin(deps) }),
  );
  app.post(
    '/api/v1/admin/queues',
    {
      ...write,
      schema: {
        tags,
        body: queueBodySchema,
        response: { 201: z.object({ queue: adminQueueSchema }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ queue: await createQueue(deps, request.body) }),
  );
  app.put(
    '/api/v1/admin/queues/:id',
    {
      ...write,
      schema: {
        tags,
        params: idParamsSchema,
        body: queueBodySchema,
        response: { 200: z.object({ queue: adminQueueSchema }) },
      },
    },
    async (request) => ({ queue: await updateQueue(deps, request.params.id, request.body) }),
  );
  app.delete(
    '/api/v1/admin/queues/:id',
    { ...write, schema: { tags, params: idParamsSchema, response: noContent } },
    async (request, reply) => {
      await deleteQueue(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/profiles',
    {
      ...read,
      schema: { tags, response: { 200: z.object({ profiles: z.array(adminProfileSchema) }) } },
    },
    async () => ({ profiles: await listProfilesForAdmin(deps) }),
  );
  app.post(
    '/api/v1/admin/profiles',
    {
      ...write,
      schema: {
        tags,
        body: profileBodySchema,
        response: { 201: z.object({ profile: adminProfileSchema }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ profile: await createProfile(deps, request.body) }),
  );
  app.put(
    '/api/v1/admin/profiles/:id',
    {
      ...write,
      schema: {
        tags,
        params: idParamsSchema,
        body: profileBodySchema,
        response: { 200: z.object({ profile: adminProfileSchema }) },
      },
    },
    async (request) => ({ profile: await updateProfile(deps, request.params.id, request.body) }),
  );
  app.delete(
    '/api/v1/admin/profiles/:id',
    { ...write, schema: { tags, params: idParamsSchema, response: noContent } },
    async (request, reply) => {
      await deleteProfile(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/teams',
    { ...read, schema: { tags, response: { 200: z.object({ teams: z.array(adminTeamSchema) }) } } },
    async () => ({ teams: await listTeamsForAdmin(deps) }),
  );
  app.post(
    '/api/v1/admin/teams',
    {
      ...write,
      schema: {
        tags,
        body: teamBodySchema,
        response: { 201: z.object({ team: adminTeamSchema }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ team: await createTeam(deps, request.body) }),
  );
  app.put(
    '/api/v1/admin/teams/:id',
    {
      ...write,
      schema: {
        tags,
        params: idParamsSchema,
        body: teamBodySchema,
        response: { 200: z.object({ team: adminTeamSchema }) },
      },
    },
    async (request) => ({ team: await updateTeam(deps, request.params.id, request.body) }),
  );
  app.delete(
    '/api/v1/admin/teams/:id',
    { ...write, schema: { tags, params: idParamsSchema, response: noContent } },
    async (request, reply) => {
      await deleteTeam(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );

  const kindParams = z.object({ kind: reasonKindSchema });
  const reasonParams = z.object({ kind: reasonKindSchema, id: idSchema });
  app.get(
    '/api/v1/admin/reasons/:kind',
    {
      ...read,
      schema: {
        tags,
        params: kindParams,
        response: { 200: z.object({ reasons: z.array(adminReasonSchema) }) },
      },
    },
    async (request) => ({ reasons: await listReasonsForAdmin(deps, request.params.kind) }),
  );
  app.post(
    '/api/v1/admin/reasons/:kind',
    {
      ...write,
      schema: {
        tags,
        params: kindParams,
        body: reasonBodySchema,
        response: { 201: z.object({ reason: adminReasonSchema }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ reason: await createReason(deps, request.params.kind, request.body) }),
  );
  app.put(
    '/api/v1/admin/reasons/:kind/:id',
    {
      ...write,
      schema: {
        tags,
        params: reasonParams,
        body: reasonBodySchema,
        response: { 200: z.object({ reason: adminReasonSchema }) },
      },
    },
    async (request) => ({
      reason: await updateReason(deps, request.params.kind, request.params.id, request.body),
    }),
  );
  app.delete(
    '/api/v1/admin/reasons/:kind/:id',
    { ...write, schema: { tags, params: reasonParams, response: noContent } },
    async (request, reply) => {
      await deleteReason(deps, request.params.kind, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
