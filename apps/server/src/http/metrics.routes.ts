import { AppError } from '@sangdam/core';
import type { Db } from '@sangdam/store';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Gauge, Registry, type Metric } from 'prom-client';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(request: FastifyRequest, token: string) {
  const [scheme, given] = (request.headers.authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && timingSafeEqual(digest(given ?? ''), digest(token));
}

/**
 * `GET /metrics` in Prometheus format: process metrics, plus contacts waiting per queue, agents
 * per state and offers past their deadline, read from the database at scrape time (the same on
 * every node), and what this node's components measure (`nodeMetrics`, e.g. expiry lateness).
 * With a `token`, only scrapers that send it as a bearer token get an answer.
 */
export const metricsRoutes: FastifyPluginAsyncZod<{
  db: Db;
  nodeMetrics?: Metric[];
  token?: string | undefined;
}> = async (app, { db, nodeMetrics = [], token }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const metric of nodeMetrics) registry.registerMetric(metric);

  new Gauge({
    name: 'sangdam_offers_overdue_seconds',
    help: 'How long the oldest still-pending offer is past its deadline (0 when none is)',
    registers: [registry],
    async collect() {
      const { rows } = await sql<{ seconds: number | string | null }>`
        select extract(epoch from (now() - min(expires_at)))::float8 as seconds
        from offers where status = 'pending' and expires_at < now()`.execute(db);
      this.set(Math.max(0, Number(rows[0]?.seconds ?? 0)));
    },
  });

  new Gauge({
    name: 'sangdam_contacts',
    help: 'Contacts by queue and status (assistant, queued, offered, active)',
    labelNames: ['queue', 'status'],
    registers: [registry],
    async collect() {
      const { rows } = await sql<{ queue: string; status: string; count: string }>`
        select q.name as queue, i.status, count(*) as count
        from interactions i join queues q on q.id = i.queue_id
        where i.status <> 'ended' group by q.name, i.status`.execute(db);
      this.reset();
      for (const row of rows) this.set({ queue: row.queue, status: row.status }, Number(row.count));
    },
  });

  new Gauge({
    name: 'sangdam_agents',
    help: 'Agents by presence state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { rows } = await sql<{ state: string; count: string }>`
        select state, count(*) as count from agent_presence group by state`.execute(db);
      this.reset();
      for (const row of rows) this.set({ state: row.state }, Number(row.count));
    },
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && !bearerMatches(request, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHENTICATED', 'Metrics need the METRICS_TOKEN as a bearer token');
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};
