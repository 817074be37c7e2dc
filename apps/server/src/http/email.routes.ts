import {
  adminEmailAddressListSchema,
  adminEmailAddressSchema,
  attachmentParamsSchema,
  emailAddressBodySchema,
  emailMessageListSchema,
  emailRawParamsSchema,
  emailReplyBodySchema,
  emailReplyResponseSchema,
  idParamsSchema,
  interactionEventSchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createAddress,
  deleteAddress,
  listAddresses,
  updateAddress,
} from '../services/admin/email-addresses.ts';
import type { Deps } from '../services/deps.ts';
import { listContactEmails, openEmailRaw, openMailImage } from '../services/email/read.ts';
import { retryEmailReply, sendEmailReply } from '../services/email/reply.ts';
import { authGuards, signedInOf } from './auth-hooks.ts';

/**
 * The email channel over HTTP: an agent's reply and a contact's mails (the desktop's email area
 * uses both), and the admins' email addresses.
 */
export const emailRoutes: FastifyPluginAsyncZod<{
  deps: Deps;
  retryMinutes: number;
  secretKey: string | undefined;
}> = async (app, { deps, retryMinutes, secretKey }) => {
  const { requireRole, requireSession } = authGuards(deps);
  const admin = { preHandler: requireRole('admin') };
  const read = { preHandler: requireRole('admin', 'supervisor') };
  const tags = ['admin'];
  const one = z.object({ emailAddress: adminEmailAddressSchema });

  app.post(
    '/api/v1/interactions/:id/email-replies',
    {
      preHandler: requireSession,
      schema: {
        tags: ['desktop'],
        description:
          'The agent in this email contact answers the customer’s newest mail. Stored and ' +
          'queued for sending at once (event `email.queued`); `email.sent` or `email.failed` follow.',
        params: idParamsSchema,
        body: emailReplyBodySchema,
        response: { 201: emailReplyResponseSchema },
      },
    },
    async (request, reply) => {
      const { user } = signedInOf(request);
      const result = await sendEmailReply(
        deps,
        { kind: 'agent', userId: user.id, displayName: user.displayName },
        request.params.id,
        request.body,
        retryMinutes,
      );
      return reply.status(201).send(result);
    },
  );
  app.post(
    '/api/v1/interactions/:id/emails/:emailId/retry',
    {
      preHandler: requireSession,
      schema: {
        tags: ['desktop'],
        description:
          'Retry of a failed reply, by the agent holding the contact: the same mail (same ' +
          'Message-ID) queued again (event `email.retried`); `email.sent` or `email.failed` follow.',
        params: emailRawParamsSchema,
        response: { 200: z.object({ event: interactionEventSchema }) },
      },
    },
    async (request) => {
      const { user } = signedInOf(request);
      const event = await retryEmailReply(
        deps,
        { kind: 'agent', userId: user.id, displayName: user.displayName },
        { interactionId: request.params.id, emailId: request.params.emailId },
        retryMinutes,
      );
      return { event };
    },
  );
  app.get(
    '/api/v1/interactions/:id/emails',
    {
      preHandler: requireSession,
      schema: {
        tags: ['desktop'],
        description: 'Every mail of an email contact, whole, oldest first.',
        params: idParamsSchema,
        response: { 200: emailMessageListSchema },
      },
    },
    async (request) => {
      const { user } = signedInOf(request);
      const actor = { kind: 'agent' as const, userId: user.id, displayName: user.displayName };
      return { emails: await listContactEmails(deps, actor, request.params.id) };
    },
  );

  app.get(
    '/api/v1/interactions/:id/emails/:emailId/raw',
    {
      preHandler: requireSession,
      schema: {
        tags: ['desktop'],
        description:
          '“View original”: a received mail as it came (RFC 5322 text), its card data masked — ' +
          'the received bytes are never stored. `?download=1` answers it as an `.eml` file.',
        params: emailRawParamsSchema,
        querystring: z.object({ download: z.enum(['0', '1']).optional() }),
      },
    },
    async (request, reply) => {
      const { user } = signedInOf(request);
      const actor = { kind: 'agent' as const, userId: user.id, displayName: user.displayName };
      const raw = await openEmailRaw(deps, actor, request.params.id, request.params.emailId);
      const disposition = request.query.download === '1' ? 'attachment' : 'inline';
      return reply
        .header('content-type', 'text/plain; charset=utf-8')
        .header('content-disposition', `${disposition}; filename="message.eml"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(raw.stream);
    },
  );

  app.get(
    '/api/v1/interactions/:id/email-images/:attachmentId',
    {
      preHandler: requireSession,
      schema: {
        tags: ['desktop'],
        description:
          'An image a mail of this contact shows inline (`cid:`), for the mail’s frame: PNG, ' +
          'JPEG, GIF or WebP only; other files download at `…/attachments/:attachmentId`.',
        params: attachmentParamsSchema,
      },
    },
    async (request, reply) => {
      const { user } = signedInOf(request);
      const actor = { kind: 'agent' as const, userId: user.id, displayName: user.displayName };
      const image = await openMailImage(
        deps,
        actor,
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .header('content-type', image.contentType)
        .header('content-length', String(image.size))
        .header('content-disposition', 'inline')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=300')
        .send(image.stream);
    },
  );

  app.get(
    '/api/v1/admin/email-addresses',
    { ...read, schema: { tags, response: { 200: adminEmailAddressListSchema } } },
    async () => ({ emailAddresses: await listAddresses(deps) }),
  );
  app.post(
    '/api/v1/admin/email-addresses',
    { ...admin, schema: { tags, body: emailAddressBodySchema, response: { 201: one } } },
    async (request, reply) =>
      reply.status(201).send({ emailAddress: await createAddress(deps, request.body, secretKey) }),
  );
  app.put(
    '/api/v1/admin/email-addresses/:id',
    {
      ...admin,
      schema: {
        tags,
        params: idParamsSchema,
        body: emailAddressBodySchema,
        response: { 200: one },
      },
    },
    async (request) => ({
      emailAddress: await updateAddress(deps, request.params.id, request.body, secretKey),
    }),
  );
  app.delete(
    '/api/v1/admin/email-addresses/:id',
    { ...admin, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteAddress(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
