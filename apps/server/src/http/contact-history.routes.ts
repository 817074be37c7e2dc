import {
  contactHistoryPageSchema,
  contactHistoryParamsSchema,
  contactHistoryQuerySchema,
  emailMessageListSchema,
  pastAttachmentParamsSchema,
  pastTranscriptParamsSchema,
  pastTranscriptQuerySchema,
  pastTranscriptSchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  listCustomerHistory,
  openPastAttachment,
  readPastEmails,
  readPastTranscript,
} from '../services/interactions/contact-history.ts';
import type { Deps } from '../services/deps.ts';
import { sendFile } from './attachment.routes.ts';
import { authGuards, signedInOf } from './auth-hooks.ts';

/** R-CH-7 / R-EM-8: the contact history of the customer of an interaction, and its transcripts. */
export const contactHistoryRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (
  app,
  { deps },
) => {
  const { requireSession } = authGuards(deps);

  app.get(
    '/api/v1/interactions/:id/history',
    {
      schema: {
        tags: ['desktop'],
        description:
          'The other contacts of this contact’s customer (same email address, any channel), ' +
          'newest first. For agents serving the contact now, and supervisors and admins who ' +
          'may oversee it.',
        params: contactHistoryParamsSchema,
        querystring: contactHistoryQuerySchema,
        response: { 200: contactHistoryPageSchema },
      },
      preHandler: requireSession,
    },
    async (request) =>
      listCustomerHistory(deps, signedInOf(request).user.id, {
        interactionId: request.params.id,
        before: request.query.before ?? null,
      }),
  );

  app.get(
    '/api/v1/interactions/:id/history/:pastId/transcript',
    {
      schema: {
        tags: ['desktop'],
        description:
          'One earlier contact of the customer, read-only: its events after `afterSeq`, ' +
          'oldest first, paged like interaction:sync.',
        params: pastTranscriptParamsSchema,
        querystring: pastTranscriptQuerySchema,
        response: { 200: pastTranscriptSchema },
      },
      preHandler: requireSession,
    },
    async (request) =>
      readPastTranscript(deps, signedInOf(request).user.id, {
        interactionId: request.params.id,
        pastId: request.params.pastId,
        afterSeq: request.query.afterSeq,
      }),
  );

  app.get(
    '/api/v1/interactions/:id/history/:pastId/emails',
    {
      schema: {
        tags: ['desktop'],
        description:
          '“View email message”: every mail of one earlier email contact of the customer, ' +
          'whole, oldest first, read-only; for who may read its transcript.',
        params: pastTranscriptParamsSchema,
        response: { 200: emailMessageListSchema },
      },
      preHandler: requireSession,
    },
    async (request) => ({
      emails: await readPastEmails(deps, signedInOf(request).user.id, {
        interactionId: request.params.id,
        pastId: request.params.pastId,
      }),
    }),
  );

  app.get(
    '/api/v1/interactions/:id/history/:pastId/attachments/:attachmentId',
    {
      schema: {
        tags: ['desktop'],
        description:
          'A file of one earlier contact of the customer, for who may read its transcript; ' +
          'sent as an attachment, never shown inline.',
        params: pastAttachmentParamsSchema,
      },
      preHandler: requireSession,
    },
    async (request, reply) =>
      sendFile(
        reply,
        await openPastAttachment(deps, signedInOf(request).user.id, {
          interactionId: request.params.id,
          pastId: request.params.pastId,
          attachmentId: request.params.attachmentId,
        }),
      ),
  );
};
