import { AppError } from '@sangdam/core';
import {
  decideOffer,
  listOffers,
  lockDueOffers,
  lockAgentsInOrder,
  offerWaitingContacts,
  setInteractionStatus,
} from '@sangdam/store';
import { inTransaction, type Deps } from './deps.ts';
import { changePresence } from './presence.ts';
import { presentOffer } from './presenters.ts';

/**
 * Runs routing on this node: on request (contact queued, agent Available, capacity freed) and
 * on a periodic sweep that also expires offers. Requests while a run is under way coalesce into
 * one more run, so a burst of triggers costs at most two passes.
 */
export class Router {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: Omit<Deps, 'requestRouting'>,
    private readonly sweepEveryMs = 1000,
    // Bounds how long one routing transaction holds the cluster-wide routing lock and agents' rows.
    private readonly offersPerTransaction = 100,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.request(), this.sweepEveryMs);
    this.timer.unref();
    this.request();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
  }

  /** Asks for a pass soon; never throws, never waits. */
  request = (): void => {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'routing pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  };

  /** Resolves when no pass is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pass(): Promise<void> {
    await this.expireDueOffers();
    while (await this.offerSome()) {
      // keep offering until no waiting contact has an eligible agent with free capacity
    }
  }

  /** Offers a batch of waiting contacts in one transaction; true when more might be offered. */
  private async offerSome(): Promise<boolean> {
    return inTransaction(this.deps, async (tx, outbox) => {
      const step = await offerWaitingContacts(tx, this.deps.clock(), this.offersPerTransaction);
      for (const offer of await listOffers(tx, step.offerIds)) {
        outbox.add({
          to: 'agent',
          userId: offer.userId,
          event: 'offer:new',
          payload: presentOffer(offer),
        });
      }
      return step.more;
    });
  }

  /** R-AV-4: an unanswered offer returns the contact to the head of its queue; the agent goes RONA. */
  private async expireDueOffers(): Promise<void> {
    for (;;) {
      const expired = await inTransaction(this.deps, async (tx, outbox) => {
        const now = this.deps.clock();
        const due = await lockDueOffers(tx, now, 50);
        // Agents' rows in id order, as the routing step locks them: the two never deadlock.
        await lockAgentsInOrder(
          tx,
          due.map((offer) => offer.userId),
        );
        for (const offer of due) {
          await decideOffer(tx, offer.id, 'expired', now);
          await setInteractionStatus(tx, offer.interactionId, 'queued');
          outbox.add({
            to: 'agent',
            userId: offer.userId,
            event: 'offer:gone',
            payload: { offerId: offer.id, reason: 'expired' },
          });
          await changePresence(tx, outbox, offer.userId, { to: 'rona', cause: 'rona' }, now).catch(
            (error: unknown) => {
              // An agent who went Idle meanwhile stays Idle: RONA applies only to Available.
              if (!(error instanceof AppError && error.code === 'INVALID_STATE_CHANGE'))
                throw error;
            },
          );
        }
        return due.length;
      });
      if (expired < 50) return;
    }
  }
}
