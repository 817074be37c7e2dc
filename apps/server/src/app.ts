import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  blobStoreFor,
  migrate,
  openDatabase,
  sessionLocks,
  type OpenDatabase,
} from '@sangdam/store';
import { MailWorkers } from '@sangdam/mail';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import pino, { type Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Config } from './config.ts';
import { adminRoutes } from './http/admin.routes.ts';
import { adminUserRoutes } from './http/admin-users.routes.ts';
import { attachmentRoutes } from './http/attachment.routes.ts';
import { chatRoutes } from './http/chat.routes.ts';
import { contactHistoryRoutes } from './http/contact-history.routes.ts';
import { emailComposeRoutes } from './http/email-compose.routes.ts';
import { emailRoutes } from './http/email.routes.ts';
import { customerLimitsRoutes } from './http/customer-limits.routes.ts';
import { demoEmailRoutes } from './http/demo-email.routes.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './http/errors.ts';
import { builtFrontEnds, registerFrontEnds, type FrontEndDirs } from './http/front-ends.ts';
import { pciRoutes } from './http/pci.routes.ts';
import { predefinedResponseRoutes } from './http/predefined-responses.routes.ts';
import { entryPointRoutes } from './http/entry-points.routes.ts';
import { healthRoutes } from './http/health.routes.ts';
import { metricsRoutes } from './http/metrics.routes.ts';
import { referenceRoutes } from './http/reference.routes.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { sessionRoutes } from './http/session.routes.ts';
import { createGateway, type LiveFeeds } from './realtime/gateway.ts';
import { connectRedisFanOut } from './realtime/redis-fan-out.ts';
import type { Deps } from './services/deps.ts';
import { ConnectionSweep, connectionTiming } from './services/interactions/connections.ts';
import { RateLimits } from './services/rate-limits.ts';
import { Router } from './services/interactions/router.ts';
import { WrapUpSweep } from './services/interactions/auto-wrap-up.ts';
import { BlobSweep } from './services/blob-sweep.ts';
import { removeAbandonedSpools, spoolPlace } from './services/spool.ts';
import { createMailReceiver } from './services/email/receiver.ts';
import { MailSender } from './services/email/reply.ts';
import {
  ImapPollers,
  imapLockClass,
  type ImapPollerOptions,
} from './services/email/imap-pollers.ts';
import {
  demoMailboxTransport,
  smtpRelayTransport,
  type MailTransport,
  type SmtpReceiver,
} from '@sangdam/mail';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoOrganisation } from './seed/demo-organisation.ts';

export interface Sangdam {
  app: FastifyInstance;
  io: Server;
  deps: Deps;
  router: Router;
  /** The mail outbox's sender (runs its passes only on a `workers` node). */
  mailSender: MailSender;
  /** The IMAP mailboxes this node reads (only on a `workers` node, one node per mailbox). */
  imapPollers: ImapPollers;
  /** Where outgoing mail lands without SMTP_RELAY_URL. */
  demoMailbox: string;
  rateLimits: RateLimits;
  /** The supervisors' picture and the customers' queue positions (tests wait on `idle()`). */
  liveFeeds: LiveFeeds;
  database: OpenDatabase;
  /** The SMTP receiver of an `smtp` node, started by `startSmtp()`. */
  smtp: SmtpReceiver | null;
  /** Starts the SMTP receiver on SMTP_PORT (no-op without the `smtp` role); resolves with its port. */
  startSmtp(): Promise<number | null>;
  /** The demo logins when this start seeded them. */
  seededLogins: { email: string; role: string; password: string }[] | null;
  close(): Promise<void>;
}

/** The composition root: config → store → services → transports. Call `app.listen` to serve. */
export async function createSangdam(
  config: Config,
  options: {
    logger?: Logger;
    clock?: () => Date;
    sweepEveryMs?: number;
    /** How often the workers sweep unfinished blobs out of the database blob store. */
    blobSweepEveryMs?: number;
    /** Where the built desktop and widget are (tests serve their own). */
    frontEnds?: FrontEndDirs;
    /**
     * A tar of an embedded database's data directory to start from when DATA_DIR holds none yet
     * (tests start from a migrated template instead of running initdb and every migration).
     */
    embeddedInitialData?: string;
    /** Sends outgoing mail instead of the relay or demo mailbox the configuration names. */
    mailTransport?: MailTransport;
    /** IMAP reading intervals (tests shorten them). */
    imap?: Pick<ImapPollerOptions, 'rescanEveryMs' | 'source'>;
  } = {},
): Promise<Sangdam> {
  const log =
    options.logger ??
    pino({
      level: config.LOG_LEVEL,
      // Credentials never reach the log; message bodies are never logged at all.
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    });
  const database = await openDatabase(
    config.DATABASE_URL
      ? { kind: 'postgres', url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: config.dataDir, initialData: options.embeddedInitialData },
  );
  await migrate(database.db);
  const seededLogins = config.DEMO_SEED ? await seedDemoOrganisation(database.db) : null;

  const httpLog: FastifyBaseLogger = log.child({ component: 'http' });
  const app: FastifyInstance = Fastify({
    loggerInstance: httpLog,
    trustProxy: config.TRUST_PROXY,
    frameworkErrors,
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  let router: Router | null = null;
  let mailSender: MailSender | null = null;
  const sendsMail = config.SANGDAM_ROLES.includes('workers');
  const baseDeps = {
    db: database.db,
    oneConnection: database.target.kind === 'pglite',
    blobs: blobStoreFor(database),
    spool: spoolPlace(config.dataDir),
    clock: options.clock ?? (() => new Date()),
    log,
    requestRouting: () => router?.request(),
    requestMailSend: () => (sendsMail ? mailSender?.request() : undefined),
    ...(config.MAIL_WORKERS > 0 && {
      mailWorkers: new MailWorkers({
        size: config.MAIL_WORKERS,
        timeoutMs: config.MAIL_WORKER_TIMEOUT_MS,
      }),
    }),
  };
  const abandoned = await removeAbandonedSpools(baseDeps.spool);
  if (abandoned.length > 0) {
    log.info({ folders: abandoned.length }, 'removed upload spill folders of an earlier process');
  }
  const rateLimits = new RateLimits(database.db, baseDeps.clock, {
    perIpAndEmail: config.LOGIN_RATE_LIMIT_PER_MINUTE,
    perIp: config.LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE,
  });
  const timing = connectionTiming(
    config.AGENT_DISCONNECT_GRACE_SECONDS,
    config.AGENT_DISCONNECT_SIGN_OUT_SECONDS,
  );
  const redis = config.REDIS_URL ? await connectRedisFanOut(config.REDIS_URL, log) : null;
  const gateway = createGateway(app.server, baseDeps, {
    pool: database.pool,
    redis,
    rateLimits,
    trustProxy: config.TRUST_PROXY,
    timing,
  });
  const { io, publisher, connections } = gateway;
  const deps: Deps = { ...baseDeps, publisher };
  router = new Router(deps, options.sweepEveryMs);
  const connectionSweep = new ConnectionSweep(deps, timing);
  const wrapUpSweep = new WrapUpSweep(deps, options.sweepEveryMs);
  const blobSweep = new BlobSweep(deps, options.blobSweepEveryMs);
  const demoMailbox = config.dataDir.startsWith('memory://')
    ? join(tmpdir(), `sangdam-demo-mailbox-${process.pid}`)
    : join(config.dataDir, 'demo-mailbox');
  mailSender = new MailSender(
    deps,
    options.mailTransport ??
      (config.SMTP_RELAY_URL
        ? smtpRelayTransport({ url: config.SMTP_RELAY_URL })
        : demoMailboxTransport(demoMailbox)),
    options.sweepEveryMs,
  );
  const imapPollers = new ImapPollers(deps, {
    secretKey: config.MAIL_SECRET_KEY,
    locks: sessionLocks(database, imapLockClass),
    ...options.imap,
  });
  connections.start();
  const smtp = config.SANGDAM_ROLES.includes('smtp')
    ? createMailReceiver(deps, {
        port: config.SMTP_PORT,
        host: config.HOST,
        tls:
          config.SMTP_TLS_KEY_FILE && config.SMTP_TLS_CERT_FILE
            ? {
                key: await readFile(config.SMTP_TLS_KEY_FILE),
                cert: await readFile(config.SMTP_TLS_CERT_FILE),
              }
            : undefined,
      })
    : null;
  let smtpStarted = false;

  await registerSecurityHeaders(app, { publicUrl: config.PUBLIC_URL });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: { info: { title: 'Sangdam API', version: '1' } },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (request, reply) => {
    // The widget runs on customers' own sites: its endpoints answer any origin, without cookies.
    if (request.url.startsWith('/api/v1/chats') || request.url.startsWith('/api/v1/entry-points')) {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-allow-headers', 'content-type, idempotency-key, authorization');
      reply.header('access-control-expose-headers', 'content-disposition');
      if (request.method === 'OPTIONS') return reply.status(204).send();
    }
  });
  await app.register(healthRoutes, { deps });
  await app.register(metricsRoutes, {
    db: database.db,
    nodeMetrics: [router.expiryLateness],
    token: config.METRICS_TOKEN,
  });
  await app.register(sessionRoutes, {
    deps,
    ttlHours: config.SESSION_TTL_HOURS,
    secureCookies: config.PUBLIC_URL?.startsWith('https://') ?? false,
    rateLimits,
  });
  await app.register(chatRoutes, { deps, rateLimits });
  await app.register(attachmentRoutes, { deps, rateLimits });
  await app.register(customerLimitsRoutes, { deps, rateLimits });
  await app.register(referenceRoutes, { deps });
  await app.register(contactHistoryRoutes, { deps });
  await app.register(emailRoutes, {
    deps,
    retryMinutes: config.MAIL_RETRY_MINUTES,
    secretKey: config.MAIL_SECRET_KEY,
  });
  await app.register(emailComposeRoutes, { deps });
  await app.register(adminRoutes, { deps });
  await app.register(adminUserRoutes, { deps });
  await app.register(pciRoutes, { deps });
  await app.register(predefinedResponseRoutes, { deps });
  await app.register(entryPointRoutes, { deps });
  await app.register(demoEmailRoutes, {
    deps,
    rateLimits,
    enabled: smtp !== null && !config.SMTP_RELAY_URL && !options.mailTransport,
    demoMailbox,
    smtpPort: () => (smtpStarted ? (smtp?.port ?? null) : null),
    widgetDir: (options.frontEnds ?? builtFrontEnds).widget,
  });
  await registerFrontEnds(app, options.frontEnds);

  if (config.SANGDAM_ROLES.includes('workers')) {
    router.start();
    connectionSweep.start();
    wrapUpSweep.start();
    blobSweep.start();
    mailSender.start();
    imapPollers.start();
  }

  return {
    app,
    io,
    deps,
    router,
    mailSender,
    imapPollers,
    demoMailbox,
    rateLimits,
    liveFeeds: gateway.liveFeeds,
    database,
    seededLogins,
    smtp,
    async startSmtp() {
      if (!smtp) return null;
      await smtp.start();
      smtpStarted = true;
      return smtp.port;
    },
    async close() {
      if (smtpStarted) await smtp?.stop();
      await imapPollers.stop();
      await baseDeps.mailWorkers?.close();
      await router.stop();
      await connectionSweep.stop();
      await wrapUpSweep.stop();
      await blobSweep.stop();
      await mailSender.stop();
      await gateway.liveFeeds.stop();
      await io.close();
      await redis?.close();
      await connections.stop();
      await app.close();
      await database.close();
    },
  };
}
