import {
  findDueOffers,
  listOffers,
  lockAgentsInOrder,
  lockDueOffers,
  nextOfferDeadline,
  offerWaitingContacts,
} from '@sangdam/store';
import { Histogram } from 'prom-client';
import { inTransaction, type Deps } from '../deps.ts';
import { expireOffer } from './hand-over.ts';
import { presentOffer } from './presenters.ts';

/**
 * The least time from one routing pass's (or expiry sweep's) start to the next: requests within
 * it wait for one pass together. Short beside an offer's life, long beside a pass.
 */
export const ROUTING_MIN_GAP_MS = 25;
/** Offers expired per transaction of the sweep. */
const expiryBatch = 50;
/** How soon the sweep looks again at due offers it had to skip (rows held by a use case). */
const skippedRetryMs = 50;

/**
 * Runs routing on this node: on request (contact queued, agent Available, capacity freed) and
 * on a periodic sweep. Offer expiry runs beside routing, not behind it: on the same requests,
 * and at the next offer's deadline, so a busy router does not make offers expire late.
 * Requests while a run is under way coalesce into one more run, so a burst of triggers costs at
 * most two passes; and a run starts at most once per `minGapMs` (a lone request runs at once,
 * a burst of them — mails arriving side by side — shares one pass per gap).
 */
export class Router {
  /** How late the sweep expired offers after their deadline (R-AV-4), on this node. */
  readonly expiryLateness = new Histogram({
    name: 'sangdam_offer_expiry_lateness_seconds',
    help: 'Time from an offer’s deadline to the sweep expiring it',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [],
  });
  private readonly routing: CoalescedRuns;
  private readonly expiry: CoalescedRuns;
  private sweepTimer: NodeJS.Timeout | null = null;
  private deadline: { at: number; timer: NodeJS.Timeout } | null = null;

  constructor(
    private readonly deps: Omit<Deps, 'requestRouting'>,
    private readonly sweepEveryMs = 1000,
    // Bounds how long one routing transaction holds the cluster-wide routing lock and agents' rows.
    private readonly offersPerTransaction = 100,
    minGapMs = ROUTING_MIN_GAP_MS,
  ) {
    const failed = (what: string) => (error: unknown) =>
      this.deps.log.error({ err: error }, `${what} failed`);
    this.routing = new CoalescedRuns(() => this.offerAll(), failed('routing pass'), minGapMs);
    this.expiry = new CoalescedRuns(() => this.expireDueOffers(), failed('offer expiry'), minGapMs);
  }

  start(): void {
    this.sweepTimer = setInterval(() => this.request(), this.sweepEveryMs);
    this.sweepTimer.unref();
    this.request();
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    if (this.deadline) clearTimeout(this.deadline.timer);
    this.deadline = null;
    await Promise.all([this.routing.stop(), this.expiry.stop()]);
  }

  /** Asks for a routing pass and an expiry sweep soon; never throws, never waits. */
  request = (): void => {
    this.expiry.request();
    this.routing.request();
  };

  /** Resolves when no pass or sweep is running (tests and shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [this.expiry.current, this.routing.current].filter((run) => run !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  private async offerAll(): Promise<void> {
    while (await this.offerSome()) {
      // keep offering until no waiting contact has an eligible agent with free capacity
    }
  }

  /** Offers a batch of waiting contacts in one transaction; true when more might be offered. */
  private async offerSome(): Promise<boolean> {
    const { more, deadlines } = await inTransaction(this.deps, async (tx, outbox) => {
      const step = await offerWaitingContacts(tx, this.deps.clock, this.offersPerTransaction);
      const offers = await listOffers(tx, step.offerIds);
      for (const offer of offers) {
        outbox.add({
          to: 'agent',
          userId: offer.userId,
          event: 'offer:new',
          payload: presentOffer(offer),
        });
      }
      return { more: step.more, deadlines: offers.map((offer) => offer.expiresAt.getTime()) };
    });
    if (deadlines.length > 0) this.expireAt(Math.min(...deadlines));
    return more;
  }

  /**
   * R-AV-4, R-CH-9: an unanswered offer does what its kind's rule says (`offerExpiry` in core:
   * a routed contact back to the head of its queue, a transfer dropped, an invitation cancelled);
   * the agent goes RONA. Locks follow docs/ARCHITECTURE.md: the agents' rows first, then offers with their
   * interactions (SKIP LOCKED).
   */
  private async expireDueOffers(): Promise<void> {
    let expiredAny = false;
    let skipped = false;
    for (;;) {
      const { found, expired } = await inTransaction(this.deps, async (tx, outbox) => {
        const due = await findDueOffers(tx, this.deps.clock(), expiryBatch);
        if (due.length === 0) return { found: 0, expired: 0 };
        await lockAgentsInOrder(
          tx,
          due.map((offer) => offer.userId),
        );
        const now = this.deps.clock();
        const locked = await lockDueOffers(
          tx,
          due.map((offer) => offer.id),
          now,
        );
        for (const offer of locked) {
          await expireOffer(tx, outbox, offer, now);
          this.expiryLateness.observe((now.getTime() - offer.expiresAt.getTime()) / 1000);
        }
        return { found: due.length, expired: locked.length };
      });
      if (expired > 0) expiredAny = true;
      if (expired < found) skipped = true;
      // A full batch may hide more due offers, unless none of it could be taken now.
      if (found < expiryBatch || expired === 0) break;
    }
    // The contacts are back at the head of their queues.
    if (expiredAny) this.routing.request();
    if (skipped) this.expireIn(skippedRetryMs);
    else if (this.sweepTimer) {
      const next = await nextOfferDeadline(this.deps.db);
      if (next) this.expireAt(next.getTime());
    }
  }

  /** Schedules a sweep at `at` (this node's clock), unless one is due sooner already. */
  private expireAt(at: number): void {
    this.expireIn(at - this.deps.clock().getTime());
  }

  private expireIn(ms: number): void {
    // Only a started router keeps time; tests drive one without it. The periodic sweep covers
    // deadlines further away than one sweep interval.
    if (!this.sweepTimer || ms >= this.sweepEveryMs) return;
    const at = Date.now() + Math.max(0, ms);
    if (this.deadline && this.deadline.at <= at) return;
    if (this.deadline) clearTimeout(this.deadline.timer);
    const timer = setTimeout(
      () => {
        this.deadline = null;
        this.expiry.request();
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.deadline = { at, timer };
  }
}

/**
 * One job run at a time: a request while it runs (or waits to run) asks for exactly one more run
 * after it. Runs start at least `minGapMs` apart: a request soon after a run started waits out
 * the rest of the gap, together with every request that comes meanwhile.
 */
class CoalescedRuns {
  current: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly minGapMs: number,
  ) {}

  request(): void {
    if (this.current) {
      this.again = true;
      return;
    }
    this.stopped = false;
    const wait = this.lastStart + this.minGapMs - performance.now();
    const started =
      wait > 0
        ? new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => this.start())
        : this.start();
    this.current = started.catch(this.onError).finally(() => {
      this.current = null;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
  }

  private start(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.lastStart = performance.now();
    return this.run();
  }

  async stop(): Promise<void> {
    this.again = false;
    this.stopped = true;
    await this.current;
  }
}
