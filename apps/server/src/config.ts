import { resolve } from 'node:path';
import { z } from 'zod';

const roles = ['web', 'realtime', 'workers', 'smtp'] as const;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Folder of the embedded database (PGlite). Ignored when DATABASE_URL is set. */
  DATA_DIR: z.string().default('./data'),
  /** postgres://… to run on PostgreSQL (scale-out); unset = embedded PGlite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * redis://… (Redis ≥ 7) to fan pushes out between nodes through Redis sharded pub/sub, each
   * node hearing only the rooms it holds; unset = through PostgreSQL. Needs DATABASE_URL.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  /** The address people use to reach this server, e.g. https://support.example.com. */
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int('must be a whole number of hours')
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Seed the demo organisation when the database has no users. */
  DEMO_SEED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /**
   * Which parts this node runs: web (HTTP + UIs), realtime (sockets), workers (router sweeps, mail
   * out), smtp (the SMTP receiver on SMTP_PORT).
   */
  SANGDAM_ROLES: z
    .string()
    .default(roles.join(','))
    .transform((value) => value.split(',').map((role) => role.trim()))
    .pipe(z.array(z.enum(roles)).min(1)),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (per-IP limits). */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Sign-in attempts per minute for one email from one address. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Sign-in attempts per minute from one address, whatever the email. */
  LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(100),
  /** An agent with no desktop connected this long is no longer offered contacts (a reload is shorter). */
  AGENT_DISCONNECT_GRACE_SECONDS: z.coerce.number().positive().max(3600).default(20),
  /** An agent with no desktop connected this long is signed out of routing (cause `disconnected`). */
  AGENT_DISCONNECT_SIGN_OUT_SECONDS: z.coerce.number().positive().max(86_400).default(300),
  /** When set, `/metrics` answers only requests with `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** The built-in SMTP receiver's port (role `smtp`); 0 picks a free one. */
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /** STARTTLS for the SMTP receiver: PEM files of its key and certificate (both or neither). */
  SMTP_TLS_KEY_FILE: z.string().optional(),
  SMTP_TLS_CERT_FILE: z.string().optional(),
  /** Outgoing mail goes through this relay (smtp:// or smtps://user:pass@host:port); unset: the demo mailbox. */
  SMTP_RELAY_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'SMTP_RELAY_URL must look like smtp://host:587 or smtps://host:465')
    .optional(),
  /** How long a reply the relay answers with 4xx (or cannot be reached for) is retried, in minutes. */
  MAIL_RETRY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(24 * 60),
  /**
   * Worker threads that parse and PCI-screen received mail beside the main thread (0: on the
   * main thread). A mail one has not finished within MAIL_WORKER_TIMEOUT_MS is answered with a
   * temporary failure (the sender retries) and the thread replaced.
   */
  MAIL_WORKERS: z.coerce.number().int().min(0).max(8).default(2),
  MAIL_WORKER_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Seals IMAP passwords (AES-256-GCM); at least 32 characters. Needed to configure an IMAP mailbox. */
  MAIL_SECRET_KEY: z.string().min(32, 'MAIL_SECRET_KEY must be at least 32 characters').optional(),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

/** Reads and validates the environment once; a bad value stops the start with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema
    .refine((c) => c.AGENT_DISCONNECT_SIGN_OUT_SECONDS > c.AGENT_DISCONNECT_GRACE_SECONDS, {
      message: 'must be longer than AGENT_DISCONNECT_GRACE_SECONDS',
      path: ['AGENT_DISCONNECT_SIGN_OUT_SECONDS'],
    })
    .refine((c) => c.REDIS_URL === undefined || c.DATABASE_URL !== undefined, {
      message: 'needs DATABASE_URL: nodes fanning out through Redis share one PostgreSQL',
      path: ['REDIS_URL'],
    })
    .refine((c) => (c.SMTP_TLS_KEY_FILE === undefined) === (c.SMTP_TLS_CERT_FILE === undefined), {
      message: 'set both SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE, or neither',
      path: ['SMTP_TLS_CERT_FILE'],
    })
    .safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const dir = parsed.data.DATA_DIR;
  // `memory://` keeps the embedded database in memory only (tests, benchmarks, a quick look).
  return { ...parsed.data, dataDir: dir.startsWith('memory://') ? dir : resolve(dir) };
}
