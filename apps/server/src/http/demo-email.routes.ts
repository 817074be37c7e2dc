import {
  demoEmailAnswersBodySchema,
  demoEmailAnswersSchema,
  demoEmailInfoSchema,
  demoEmailSendBodySchema,
  demoEmailSendResponseSchema,
} from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DemoMailer, demoEmailAddresses, demoEmailAnswers } from '../services/email/demo.ts';
import type { Deps } from '../services/deps.ts';
import type { RateLimits } from '../services/rate-limits.ts';

/**
 * The email demo page at `/demo/email` and its API: only while outgoing mail lands in the demo
 * mailbox (no relay) and this node receives mail (role `smtp`); otherwise every route is 404.
 */
export const demoEmailRoutes: FastifyPluginAsyncZod<{
  deps: Deps;
  rateLimits: RateLimits;
  enabled: boolean;
  demoMailbox: string;
  smtpPort: () => number | null;
  /** The built widget, where `demo-email.html` is. */
  widgetDir: string;
}> = async (app, { deps, rateLimits, enabled, demoMailbox, smtpPort, widgetDir }) => {
  const mailer = new DemoMailer(smtpPort);
  app.addHook('onClose', () => mailer.close());
  const notHere = () =>
    new AppError(
      'NOT_FOUND',
      'The email demo is off: a relay is configured or this node does not receive mail',
    );
  const guard = async (request: { ip: string }) => {
    if (!enabled) throw notHere();
    await rateLimits.admitCustomer(request.ip, null);
  };

  app.get('/demo/email', { schema: { hide: true } }, async (request, reply) => {
    if (!enabled) throw notHere();
    const page = join(widgetDir, 'demo-email.html');
    if (!existsSync(page)) {
      throw new AppError('NOT_FOUND', 'Front ends are not built: run npm run build');
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(createReadStream(page));
  });

  const tags = ['demo'];
  app.get(
    '/api/v1/demo/email',
    {
      schema: {
        tags,
        description: 'The addresses the email demo page can write to.',
        response: { 200: demoEmailInfoSchema },
      },
    },
    async (request) => {
      await guard(request);
      return { addresses: await demoEmailAddresses(deps) };
    },
  );

  app.post(
    '/api/v1/demo/email/messages',
    {
      schema: {
        tags,
        description:
          'Sends a customer’s mail over SMTP to this node’s own receiver; answers once it is stored.',
        body: demoEmailSendBodySchema,
        response: { 201: demoEmailSendResponseSchema },
      },
    },
    async (request, reply) => {
      await guard(request);
      // A mail opens a contact: counted across nodes like a new chat.
      await rateLimits.admitChatStart(request.ip);
      return reply.status(201).send(await mailer.send(request.body));
    },
  );

  app.post(
    '/api/v1/demo/email/answers',
    {
      schema: {
        tags,
        description:
          'The answers in the demo mailbox to this customer that answer one of the given mails.',
        body: demoEmailAnswersBodySchema,
        response: { 200: demoEmailAnswersSchema },
      },
    },
    async (request) => {
      await guard(request);
      return { answers: await demoEmailAnswers(demoMailbox, request.body) };
    },
  );
};
