import type {
  Ack,
  AgentSnapshot,
  CustomerLimits,
  ErrorCode,
  SessionResponse,
  StartChatResponse,
} from '@sangdam/contracts';
import { agentPushes, namespaces } from '@sangdam/contracts';
import {
  createPostgresDatabase,
  pgliteTemplate,
  type Engine,
} from '@sangdam/store/test/test-databases.ts';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach } from 'vitest';
import { createSangdam, type Sangdam } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { FrontEndDirs } from '../src/http/front-ends.ts';

type SangdamOptions = NonNullable<Parameters<typeof createSangdam>[1]>;

/** Customer limits no test of something else runs into (all test customers share one address). */
export const generousCustomerLimits: CustomerLimits = {
  chatStartsPerIpPerMinute: 100_000,
  messagesPerChatPerMinute: 100_000,
  requestsPerIpPerMinute: 100_000,
};

/**
 * A real Sangdam on a free port, on PGlite in memory or a fresh PostgreSQL database, each
 * started from the run's migrated template (Sangdam's own start still checks the migrations).
 */
export async function startTestServer(
  engine: Engine,
  env: Record<string, string> = {},
  {
    customerLimits = generousCustomerLimits,
    ...options
  }: {
    logger?: Logger;
    clock?: () => Date;
    blobSweepEveryMs?: number;
    customerLimits?: CustomerLimits;
    frontEnds?: FrontEndDirs;
    imap?: SangdamOptions['imap'];
  } = {},
) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: '1000',
    // Received mail is screened on the main thread unless a test asks for worker threads (a
    // thread takes a second or two of CPU to start; email-receiver.test.ts uses them).
    MAIL_WORKERS: '0',
    ...(engine === 'postgres' && { DATABASE_URL: await createPostgresDatabase() }),
    ...env,
  });
  const sangdam = await createSangdam(config, {
    sweepEveryMs: 200,
    embeddedInitialData: pgliteTemplate(),
    ...options,
  });
  await sangdam.rateLimits.saveCustomerLimits(customerLimits);
  const address = await sangdam.app.listen({ port: 0, host: '127.0.0.1' });
  return new TestServer(address, sangdam);
}

export class TestServer {
  private readonly sockets: Socket[] = [];
  constructor(
    readonly url: string,
    readonly sangdam: Sangdam,
  ) {}

  async close() {
    for (const socket of this.sockets) socket.disconnect();
    await this.sangdam.close();
  }

  request(path: string, init: RequestInit & { json?: unknown } = {}) {
    const { json, ...rest } = init;
    return fetch(`${this.url}${path}`, {
      ...rest,
      headers: {
        ...(json !== undefined && { 'content-type': 'application/json' }),
        ...rest.headers,
      },
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });
  }

  /** Signs in over HTTP and returns the session cookie and CSRF token. */
  async login(email: string, password = 'sangdam-demo') {
    const response = await this.request('/api/v1/session', {
      method: 'POST',
      json: { email, password },
    });
    if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const session = (await response.json()) as SessionResponse;
    return { cookie, session };
  }

  async startChat(name = 'Hana Customer', email = 'hana@example.com') {
    const response = await this.request('/api/v1/chats', { method: 'POST', json: { name, email } });
    if (response.status !== 201) throw new Error(`start chat failed: ${await response.text()}`);
    return (await response.json()) as StartChatResponse;
  }

  /** An agent's socket that records every push it receives. */
  async agentSocket(cookie: string) {
    const socket = io(`${this.url}${namespaces.agent}`, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      forceNew: true,
    });
    this.sockets.push(socket);
    const client = new RecordingClient(socket, Object.keys(agentPushes));
    const snapshot = await client.next<AgentSnapshot>('agent:snapshot');
    return { client, snapshot };
  }

  async customerSocket(token: string) {
    const socket = io(`${this.url}${namespaces.customer}`, {
      transports: ['websocket'],
      auth: { token },
      forceNew: true,
    });
    this.sockets.push(socket);
    const client = new RecordingClient(socket, ['interaction:event', 'queue:position']);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return client;
  }
}

/** Wraps a socket: typed commands with acks, and a log of pushes to wait on. */
export class RecordingClient {
  readonly received: { event: string; payload: unknown }[] = [];
  private waiters: {
    event: string;
    match: (p: unknown) => boolean;
    resolve: (p: unknown) => void;
  }[] = [];

  constructor(
    readonly socket: Socket,
    events: string[],
  ) {
    for (const event of events) {
      socket.on(event, (payload: unknown) => {
        this.received.push({ event, payload });
        this.waiters = this.waiters.filter((w) => {
          if (w.event !== event || !w.match(payload)) return true;
          w.resolve(payload);
          return false;
        });
      });
    }
  }

  send<T extends object>(event: string, payload: unknown): Promise<Ack<T>> {
    return this.socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  /** Resolves with the first push of `event` (already received or future) that matches. */
  next<T>(
    event: string,
    match: (payload: T) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<T> {
    const seen = this.received.find((r) => r.event === event && match(r.payload as T));
    if (seen) return Promise.resolve(seen.payload as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${event} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        event,
        match: (p) => match(p as T),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as T);
        },
      });
    });
  }

  pushes<T>(event: string): T[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload as T);
  }
}

type Ok<T> = Extract<Ack<T>, { ok: true }>;

/** The ack of a command that must succeed; a refusal fails the test with its code. */
export function ok<T extends object>(ack: Ack<T>): Ok<T> {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack;
}

/** The code of a command that must be refused. */
export function refused(ack: Ack<object>): ErrorCode {
  if (ack.ok) throw new Error('expected a refusal');
  return ack.error.code;
}

/** Node A (every role, so it routes and makes the changes) and node B (`web` only). */
export interface TwoNodes {
  a: TestServer;
  b: TestServer;
}

/**
 * Two nodes on one fresh PostgreSQL for each test of the describe block; `env` is added to both.
 * Which node routes is known: only node A runs the workers.
 */
export function useTwoNodes(env: Record<string, string> = {}): TwoNodes {
  const nodes = {} as TwoNodes;
  beforeEach(async () => {
    const url = await createPostgresDatabase();
    nodes.a = await startTestServer('postgres', { DATABASE_URL: url, ...env });
    nodes.b = await startTestServer('postgres', {
      DATABASE_URL: url,
      SANGDAM_ROLES: 'web',
      ...env,
    });
  });
  afterEach(async () => {
    await nodes.a.close();
    await nodes.b.close();
  });
  return nodes;
}
