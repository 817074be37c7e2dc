import { channelSchema, pciPolicySchema, pciPolicyUpdateSchema } from '@sangdam/contracts';
import { loadPciPolicy, savePciPolicy } from '@sangdam/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../services/deps.ts';
import { forgetEmailAttachmentPolicy } from '../services/email/ingest.ts';
import { authGuards } from './auth-hooks.ts';

const channels = channelSchema.options;

/** The PCI policy per channel: admins set it, supervisors may read it. */
export const pciRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { requireRole } = authGuards(deps);

  app.get(
    '/api/v1/admin/pci-policies',
    {
      schema: {
        tags: ['admin'],
        response: { 200: z.object({ policies: z.array(pciPolicySchema) }) },
      },
      preHandler: requireRole('admin', 'supervisor'),
    },
    async () => ({
      policies: await Promise.all(
        channels.map(async (channel) => ({ channel, ...(await loadPciPolicy(deps.db, channel)) })),
      ),
    }),
  );

  app.put(
    '/api/v1/admin/pci-policies/:channel',
    {
      schema: {
        tags: ['admin'],
        params: z.object({ channel: channelSchema }),
        body: pciPolicyUpdateSchema,
        response: { 200: pciPolicySchema },
      },
      preHandler: requireRole('admin'),
    },
    async (request) => {
      await savePciPolicy(deps.db, request.params.channel, request.body);
      // The next mail follows the new policy at once (other nodes within EMAIL_POLICY_FRESH_MS).
      if (request.params.channel === 'email') forgetEmailAttachmentPolicy(deps.db);
      return { channel: request.params.channel, ...request.body };
    },
  );
};
