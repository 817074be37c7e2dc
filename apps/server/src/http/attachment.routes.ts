import fastifyMultipart from '@fastify/multipart';
import {
  attachmentLimits,
  attachmentParamsSchema,
  attachmentPolicySchema,
  idSchema,
  replyAttachmentPolicy,
  replyFilesResponseSchema,
  sendAttachmentsResponseSchema,
} from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { findInteractionByCustomerToken, loadAttachmentPolicy } from '@sangdam/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashToken } from '../auth/tokens.ts';
import {
  openAttachment,
  sendAttachments,
  type StoredFile,
  type UploadPart,
} from '../services/chat/attachments.ts';
import type { Actor } from '../services/chat/chat.ts';
import type { Deps } from '../services/deps.ts';
import { removeUploadedReplyFile, uploadReplyFiles } from '../services/email/reply-files.ts';
import type { RateLimits } from '../services/rate-limits.ts';
import { authGuards, signedInOf } from './auth-hooks.ts';

/** Most multipart parts one upload may have (files and the two fields, with room to spare). */
const maxParts = attachmentLimits.maxFilesMax + 10;

/**
 * R-CH-5: messages with files, and downloads. Agents use their session (and CSRF token); the
 * customer sends `Authorization: Bearer <customer token>` (the widget's token, never a cookie).
 */
export const attachmentRoutes: FastifyPluginAsyncZod<{
  deps: Deps;
  rateLimits: RateLimits;
}> = async (app, { deps, rateLimits }) => {
  await app.register(fastifyMultipart, {
    // The name as sent, so a path in it (../, a/b) is refused rather than quietly cut off.
    preservePath: true,
    limits: {
      // The total cap is counted while streaming (per channel); this only bounds one file part.
      fileSize: attachmentLimits.chatTotalLimitBytes,
      files: attachmentLimits.maxFilesMax + 1,
      fields: 5,
      fieldSize: 16 * 1024,
      parts: maxParts,
      headerPairs: 50,
    },
  });
  const { requireSession } = authGuards(deps);

  async function customerOf(request: FastifyRequest, interactionId: string): Promise<Actor> {
    await rateLimits.admitCustomer(request.ip, interactionId);
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const interaction =
      token.length > 0 && token.length <= 200
        ? await findInteractionByCustomerToken(deps.db, hashToken(token))
        : undefined;
    if (!interaction) throw new AppError('INVALID_CUSTOMER_TOKEN', 'This chat is not available');
    if (interaction.id !== interactionId) {
      throw new AppError('FORBIDDEN', 'This is not your conversation');
    }
    return { kind: 'customer', interactionId };
  }

  function agentOf(request: FastifyRequest): Actor {
    const { user } = signedInOf(request);
    return { kind: 'agent', userId: user.id, displayName: user.displayName };
  }

  async function* partsOf(request: FastifyRequest): AsyncGenerator<UploadPart> {
    if (!request.isMultipart()) {
      throw new AppError('VALIDATION_FAILED', 'Send the files as multipart/form-data');
    }
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        yield { kind: 'file', name: part.filename, stream: part.file };
        if (part.file.truncated) {
          throw new AppError('ATTACHMENT_TOO_LARGE', 'The files are too large together');
        }
      } else {
        yield { kind: 'field', name: part.fieldname, value: String(part.value) };
      }
    }
  }

  /**
   * A refused upload is answered before its body has all arrived: the connection closes after the
   * answer, so the server reads no more of it and the sender stops sending.
   */
  const closingOnRefusal = async <T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      reply.header('connection', 'close');
      throw error;
    }
  };

  app.get(
    '/api/v1/chats/attachment-policy',
    {
      schema: {
        tags: ['widget', 'desktop'],
        description:
          'The chat channel’s attachment policy, for the check before sending (public: the ' +
          'same rules answer every upload anyway).',
        response: { 200: attachmentPolicySchema },
      },
      onRequest: (request) => rateLimits.admitCustomer(request.ip, null),
    },
    async () => loadAttachmentPolicy(deps.db, 'chat'),
  );

  const uploadSchema = {
    consumes: ['multipart/form-data'],
    params: z.object({ id: idSchema }),
    response: { 200: sendAttachmentsResponseSchema },
  };
  const uploadDescription =
    'A message with files: multipart fields `clientMessageId` (8–64 of A–Z a–z 0–9 - _), ' +
    'optional `text`, then the files. Refused whole on a bad name, type, content, count or ' +
    'size; a file with card data is dropped (both sides get `attachment.dropped`).';

  app.post(
    '/api/v1/interactions/:id/attachments',
    {
      schema: { tags: ['desktop'], description: uploadDescription, ...uploadSchema },
      preHandler: requireSession,
    },
    async (request, reply) =>
      closingOnRefusal(reply, () =>
        sendAttachments(deps, agentOf(request), request.params.id, partsOf(request)),
      ),
  );

  app.post(
    '/api/v1/chats/:id/attachments',
    { schema: { tags: ['widget'], description: uploadDescription, ...uploadSchema } },
    async (request, reply) =>
      closingOnRefusal(reply, async () =>
        sendAttachments(
          deps,
          await customerOf(request, request.params.id),
          request.params.id,
          partsOf(request),
        ),
      ),
  );

  app.get(
    '/api/v1/emails/attachment-policy',
    {
      preHandler: requireSession,
      schema: {
        tags: ['desktop'],
        description:
          'The rules for one email reply’s files (R-EM-5): the email channel’s policy, at most ' +
          '10 files, together under its limit — for the check before uploading.',
        response: { 200: attachmentPolicySchema },
      },
    },
    async () => replyAttachmentPolicy(await loadAttachmentPolicy(deps.db, 'email')),
  );

  app.post(
    '/api/v1/interactions/:id/email-reply-files',
    {
      schema: {
        tags: ['desktop'],
        description:
          'Files for an email reply (R-EM-5), by the agent holding the contact: multipart, the ' +
          'files only. Refused whole on a bad name, type, content, count (over 10) or size ' +
          '(the email limit); a file with card data is dropped (listed in `dropped`). Name the ' +
          'kept files’ ids in the reply’s `attachmentIds`.',
        consumes: ['multipart/form-data'],
        params: z.object({ id: idSchema }),
        response: { 200: replyFilesResponseSchema },
      },
      preHandler: requireSession,
    },
    async (request, reply) =>
      closingOnRefusal(reply, () => {
        const { user } = signedInOf(request);
        return uploadReplyFiles(
          deps,
          { kind: 'agent', userId: user.id, displayName: user.displayName },
          request.params.id,
          partsOf(request),
        );
      }),
  );

  app.delete(
    '/api/v1/interactions/:id/email-reply-files/:fileId',
    {
      schema: {
        tags: ['desktop'],
        description:
          'Takes a file off an email reply before it is sent (R-EM-5): the uploader’s own ' +
          'waiting file and its content go at once. Another agent’s file, one already sent or ' +
          'an unknown id: 404 ATTACHMENT_NOT_FOUND.',
        params: z.object({ id: idSchema, fileId: idSchema }),
        response: { 204: z.null() },
      },
      preHandler: requireSession,
    },
    async (request, reply) => {
      const { user } = signedInOf(request);
      await removeUploadedReplyFile(
        deps,
        { kind: 'agent', userId: user.id, displayName: user.displayName },
        request.params.id,
        request.params.fileId,
      );
      return reply.status(204).send(null);
    },
  );

  const download = async (request: FastifyRequest, reply: FastifyReply, actor: Actor) => {
    const { id, attachmentId } = attachmentParamsSchema.parse(request.params);
    return sendFile(reply, await openAttachment(deps, actor, id, attachmentId));
  };

  app.get(
    '/api/v1/interactions/:id/attachments/:attachmentId',
    {
      schema: { tags: ['desktop'], params: attachmentParamsSchema },
      preHandler: requireSession,
    },
    async (request, reply) => download(request, reply, agentOf(request)),
  );

  app.get(
    '/api/v1/chats/:id/attachments/:attachmentId',
    { schema: { tags: ['widget'], params: attachmentParamsSchema } },
    async (request, reply) =>
      download(request, reply, await customerOf(request, request.params.id)),
  );
};

/** A stored file as a download: never shown inline, never sniffed, never cached. */
export function sendFile(reply: FastifyReply, file: StoredFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.size))
    .header('content-disposition', contentDisposition(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.stream);
}

/** `attachment` with an ASCII fallback name and the real one (RFC 5987 / RFC 6266). */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
