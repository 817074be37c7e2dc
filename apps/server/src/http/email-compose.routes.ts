import {
  emailComposeSchema,
  emailDraftPutBodySchema,
  emailDraftResponseSchema,
  emailTemplateBodySchema,
  emailTemplateListSchema,
  emailTemplateSchema,
  idParamsSchema,
  renderedTemplateSchema,
  replyModeParamsSchema,
  templateParamsSchema,
} from '@sangdam/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../services/deps.ts';
import { discardDraft, loadEmailCompose, saveDraft } from '../services/email/compose.ts';
import {
  createTemplate,
  deleteTemplate,
  listTemplates,
  renderTemplateFor,
  updateTemplate,
} from '../services/email/templates.ts';
import { authGuards, signedInOf } from './auth-hooks.ts';

/**
 * Composing email replies (issue 12): the headers the server sends each reply mode with, the
 * agent's drafts (R-EM-6), email templates (R-EM-4: everyone signed in reads them, admins
 * change them, the agent holding a contact renders one for it).
 */
export const emailComposeRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { requireRole, requireSession } = authGuards(deps);
  const admin = { preHandler: requireRole('admin') };
  const tags = ['admin'];
  const desktop = ['desktop'];
  const one = z.object({ template: emailTemplateSchema });
  const agentOf = (request: Parameters<typeof signedInOf>[0]) => {
    const { user } = signedInOf(request);
    return { kind: 'agent' as const, userId: user.id, displayName: user.displayName };
  };

  app.get(
    '/api/v1/interactions/:id/email-compose',
    {
      preHandler: requireSession,
      schema: {
        tags: desktop,
        description:
          'For the agent holding this email contact: per reply mode the To, Subject (fixed) and ' +
          'starting CC the server sends with, and the agent’s own drafts.',
        params: idParamsSchema,
        response: { 200: emailComposeSchema },
      },
    },
    async (request) => loadEmailCompose(deps, agentOf(request), request.params.id),
  );
  app.put(
    '/api/v1/interactions/:id/email-drafts/:mode',
    {
      preHandler: requireSession,
      schema: {
        tags: desktop,
        description:
          'Saves the agent’s draft of one reply mode by compare-and-set on `expectedVersion` ' +
          '(null: create). A stale version answers 409 DRAFT_CONFLICT with the stored `draft`.',
        params: replyModeParamsSchema,
        body: emailDraftPutBodySchema,
        response: { 200: emailDraftResponseSchema },
      },
    },
    async (request) => ({
      draft: await saveDraft(
        deps,
        agentOf(request),
        request.params.id,
        request.params.mode,
        request.body,
      ),
    }),
  );
  app.delete(
    '/api/v1/interactions/:id/email-drafts/:mode',
    {
      preHandler: requireSession,
      schema: {
        tags: desktop,
        description: 'Discards the agent’s draft of one reply mode (sending discards it too).',
        params: replyModeParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await discardDraft(deps, agentOf(request), request.params.id, request.params.mode);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/interactions/:id/email-templates/:templateId',
    {
      preHandler: requireSession,
      schema: {
        tags: desktop,
        description:
          'A template filled in for this contact (customer name, agent name; HTML-escaped; ' +
          'unknown variables left as written), for Reply and Reply all.',
        params: templateParamsSchema,
        response: { 200: renderedTemplateSchema },
      },
    },
    async (request) =>
      renderTemplateFor(deps, agentOf(request), request.params.id, request.params.templateId),
  );

  app.get(
    '/api/v1/email-templates',
    {
      preHandler: requireSession,
      schema: { tags: desktop, response: { 200: emailTemplateListSchema } },
    },
    async () => ({ templates: await listTemplates(deps) }),
  );
  app.post(
    '/api/v1/admin/email-templates',
    { ...admin, schema: { tags, body: emailTemplateBodySchema, response: { 201: one } } },
    async (request, reply) =>
      reply.status(201).send({ template: await createTemplate(deps, request.body) }),
  );
  app.put(
    '/api/v1/admin/email-templates/:id',
    {
      ...admin,
      schema: {
        tags,
        params: idParamsSchema,
        body: emailTemplateBodySchema,
        response: { 200: one },
      },
    },
    async (request) => ({ template: await updateTemplate(deps, request.params.id, request.body) }),
  );
  app.delete(
    '/api/v1/admin/email-templates/:id',
    { ...admin, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteTemplate(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
