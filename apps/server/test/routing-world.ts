import type { Channel } from '@sangdam/contracts';
import { hasFreeCapacity, type ChannelLoad, type MultimediaProfile } from '@sangdam/core';
import {
  addTeamMembers,
  DatabaseBlobStore,
  addTeamQueues,
  insertEntryPoint,
  insertProfile,
  insertQueue,
  insertTeam,
  insertUser,
  type Db,
} from '@sangdam/store';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Deps } from '../src/services/deps.ts';
import type { Push } from '../src/services/outbox.ts';
import { signInPresence } from '../src/services/interactions/presence.ts';
import { Router } from '../src/services/interactions/router.ts';
import { spoolPlace } from '../src/services/spool.ts';
import { connectDesktop } from '@sangdam/store/test/factories.ts';

/** How one team of a generated organisation looks: its profile and the queues it serves. */
export interface TeamShape {
  mode: 'blended' | 'exclusive';
  chat: number;
  email: number;
  /** Indexes into the organisation's queues (0, 1: chat; 2: email). */
  queues: number[];
  agents: number;
}

export interface WorldQueue {
  id: string;
  channel: Channel;
  entryPointId: string | null;
}

export interface WorldAgent {
  userId: string;
  displayName: string;
  profile: MultimediaProfile;
  queueIds: Set<string>;
}

/**
 * Routers of two nodes over one real store, with a fake clock and a publisher that records
 * every push: the use cases run unchanged; the test decides when time passes and passes run.
 */
export class RoutingWorld {
  readonly pushes: Push[] = [];
  readonly queues: WorldQueue[] = [];
  readonly agents: WorldAgent[] = [];
  readonly routers: Router[];
  readonly deps: Deps;

  constructor(
    readonly db: Db,
    readonly clock: { now: Date },
  ) {
    this.deps = {
      db,
      blobs: new DatabaseBlobStore(db),
      spool: spoolPlace('memory://'),
      clock: () => clock.now,
      publisher: {
        publish: async (pushes) => void this.pushes.push(...pushes),
        publishWith: async (_tx, pushes) => () => void this.pushes.push(...pushes),
      },
      log: pino({ level: 'silent' }),
      requestRouting: () => this.routers.forEach((router) => router.request()),
    };
    this.routers = [new Router(this.deps), new Router(this.deps)];
  }

  /** Queues (two chat, one email) with the given offer timeouts, teams and signed-in agents. */
  async build(timeouts: readonly number[], teams: readonly TeamShape[]): Promise<void> {
    const tag = randomUUID().slice(0, 8);
    const channels: Channel[] = ['chat', 'chat', 'email'];
    for (const [index, channel] of channels.entries()) {
      const queue = await insertQueue(this.db, {
        name: `Queue ${tag}-${index}`,
        channel,
        offerTimeoutSeconds: timeouts[index] ?? 30,
      });
      const entryPoint =
        channel === 'chat'
          ? await insertEntryPoint(this.db, {
              name: `Entry ${tag}-${index}`,
              queueId: queue.id,
              greeting: '',
            })
          : null;
      this.queues.push({ id: queue.id, channel, entryPointId: entryPoint?.id ?? null });
    }
    for (const [teamIndex, shape] of teams.entries()) {
      const profile = await insertProfile(this.db, {
        name: `Profile ${tag}-${teamIndex}`,
        mode: shape.mode,
        chatCapacity: shape.chat,
        emailCapacity: shape.email,
      });
      const team = await insertTeam(this.db, {
        name: `Team ${tag}-${teamIndex}`,
        profileId: profile.id,
      });
      const queueIds = [...new Set(shape.queues)].map((i) => this.queues[i]!.id);
      await addTeamQueues(this.db, team.id, queueIds);
      for (let n = 0; n < shape.agents; n++) {
        const displayName = `Agent ${tag}-${teamIndex}-${n}`;
        const user = await insertUser(this.db, {
          email: `${tag}-${teamIndex}-${n}@agents.test`,
          displayName,
          role: 'agent',
          passwordHash: 'not-a-real-hash',
        });
        await addTeamMembers(this.db, team.id, [user.id]);
        await connectDesktop(this.db, user.id);
        await signInPresence(this.deps, user.id);
        this.agents.push({
          userId: user.id,
          displayName,
          profile: { mode: shape.mode, capacity: { chat: shape.chat, email: shape.email } },
          queueIds: new Set(queueIds),
        });
      }
    }
  }

  /** Runs routing passes until none is left to do, as the sweep would. */
  async settle(): Promise<void> {
    this.deps.requestRouting();
    await Promise.all(this.routers.map((router) => router.idle()));
  }

  /** Ends what this world left open so later worlds on the same database start clean. */
  async retire(): Promise<void> {
    await Promise.all(this.routers.map((router) => router.stop()));
    const queueIds = this.queues.map((q) => q.id);
    const userIds = this.agents.map((a) => a.userId);
    if (queueIds.length > 0) {
      await this.db
        .updateTable('offers')
        .set({ status: 'withdrawn' })
        .where('status', '=', 'pending')
        .where('interactionId', 'in', (eb) =>
          eb.selectFrom('interactions').select('id').where('queueId', 'in', queueIds),
        )
        .execute();
      await this.db
        .updateTable('interactions')
        .set({ status: 'ended' })
        .where('queueId', 'in', queueIds)
        .execute();
    }
    if (userIds.length > 0) {
      await this.db
        .updateTable('agentPresence')
        .set({ state: 'offline' })
        .where('userId', 'in', userIds)
        .execute();
    }
  }

  /** Everything the invariants look at, read straight from the database. */
  async snapshot() {
    const queueIds = this.queues.map((q) => q.id);
    const userIds = this.agents.map((a) => a.userId);
    const interactions = await this.db
      .selectFrom('interactions')
      .select(['id', 'queueId', 'channel', 'status', 'priority', 'enqueuedAt'])
      .where('queueId', 'in', queueIds)
      .execute();
    const offers = await this.db
      .selectFrom('offers as o')
      .innerJoin('interactions as i', 'i.id', 'o.interactionId')
      .select([
        'o.id',
        'o.kind',
        'o.interactionId',
        'o.userId',
        'o.status',
        'o.expiresAt',
        'i.channel',
      ])
      .where('i.queueId', 'in', queueIds)
      .execute();
    const participants = await this.db
      .selectFrom('participants as p')
      .innerJoin('interactions as i', 'i.id', 'p.interactionId')
      .select(['p.interactionId', 'p.userId', 'p.role', 'p.leftAt', 'p.releasedAt', 'i.channel'])
      .where('i.queueId', 'in', queueIds)
      .execute();
    const presence = await this.db
      .selectFrom('agentPresence')
      .select(['userId', 'state'])
      .where('userId', 'in', userIds)
      .execute();
    // A contact counts once however the agent holds it: an unreleased participation and a new
    // offer of the same contact (it came back to them before they wrapped up) are one.
    const loads = new Map<string, ChannelLoad>(userIds.map((id) => [id, { chat: 0, email: 0 }]));
    const counted = new Set<string>();
    for (const held of [
      ...participants.filter((p) => p.releasedAt === null),
      ...offers.filter((o) => o.status === 'pending'),
    ]) {
      const load = loads.get(held.userId);
      const key = `${held.userId} ${held.interactionId}`;
      if (!load || counted.has(key)) continue;
      counted.add(key);
      load[held.channel] += 1;
    }
    return {
      interactions,
      offers,
      participants,
      presence: new Map(presence.map((p) => [p.userId, p.state])),
      loads,
    };
  }

  /** Agents who could take a contact of this queue right now (Available, eligible, free). */
  freeAgentsFor(
    queue: WorldQueue,
    state: Awaited<ReturnType<RoutingWorld['snapshot']>>,
  ): WorldAgent[] {
    return this.agents.filter(
      (agent) =>
        agent.queueIds.has(queue.id) &&
        state.presence.get(agent.userId) === 'available' &&
        hasFreeCapacity(agent.profile, state.loads.get(agent.userId)!, queue.channel),
    );
  }
}
