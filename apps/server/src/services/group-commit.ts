import type { Tx } from '@sangdam/store';
import { sql } from 'kysely';
import type { Deps } from './deps.ts';
import { Outbox } from './outbox.ts';

/** How a group commit writes one item inside the batch's transaction. */
export type WriteItem<I, O> = (tx: Tx, outbox: Outbox, item: I) => Promise<O>;

/**
 * How a group commit writes a whole batch at once, when it can do better than item by item: the
 * outcome of each item in order. When it throws, the batch is written again item by item.
 */
export type WriteBatch<I, O> = (tx: Tx, outbox: Outbox, items: readonly I[]) => Promise<O[]>;

export interface GroupCommitOptions<I, O> {
  /** The most items one transaction takes; more wait for the next. */
  maxBatch: number;
  /** How many batches may be in flight at once. */
  maxInFlight: number;
  /**
   * Items with the same key are never in two batches in flight at once (they would take the
   * same row locks in two transactions): a waiting one waits for the batch in flight.
   */
  keyOf: (item: I) => string;
  /** Writes a batch in one go (fewer statements); without it each item is written in turn. */
  writeBatch?: WriteBatch<I, O>;
}

interface Queued<I, O> {
  item: I;
  key: string;
  resolve: (outcome: O) => void;
  reject: (error: unknown) => void;
}

type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** The batch is written again one item at a time, each under a savepoint. */
class OneByOne extends Error {
  constructor(cause: unknown) {
    super('The batch is written again one item at a time', { cause });
  }
}

/**
 * Group commit (as chat messages have it, issue 14) for work that arrives on its own and is
 * acknowledged only after commit, e.g. received mail: the items that arrive while a transaction
 * is in flight go together into the next one, so a busy node pays one BEGIN, one COMMIT (its
 * flush to disk) and one fan-out statement for many items. A batch never waits for more work: an
 * idle node starts a lone item's transaction in the next event-loop turn. A batch is made when
 * its transaction holds its connection (see `start`): on PGlite's one connection every item that
 * came while the previous transaction ran joins the next one.
 *
 * Each item is written in arrival order by `write`, or the whole batch by `writeBatch` when given
 * (fewer statements for many items). When that fails, the transaction is rolled
 * back and the batch written again one item at a time, each under a savepoint, so a poisoned
 * item fails alone (its promise rejects) and writes nothing, and the others are stored. The
 * batch's pushes go to the other nodes with its commit (Publisher.publishWith); the promises
 * settle after commit, once this node has pushed. When the transaction itself fails (the
 * connection, the commit) every item of it rejects: nothing of it is stored.
 */
export class GroupCommit<I, O> {
  private waiting: Queued<I, O>[] = [];
  private scheduled = false;
  private inFlight = 0;
  /** A transaction started and has not taken its batch yet: no other starts meanwhile. */
  private forming = false;
  private readonly busy = new Set<string>();

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'publisher' | 'oneConnection'>,
    private readonly write: WriteItem<I, O>,
    private readonly options: GroupCommitOptions<I, O>,
  ) {}

  /** Resolves with what `write` answered for the item once its batch has committed. */
  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, key: this.options.keyOf(item), resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.forming || this.inFlight >= this.options.maxInFlight) return;
    if (this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  /**
   * Starts transactions while a slot is free and a waiting item's key has none in flight. On a
   * pool, or on an idle node, a transaction takes the waiting items at once: it gets its own
   * connection. On one connection (PGlite) one that starts while another is in flight waits for
   * that one to commit: it takes its batch once it holds the connection, so every item that came
   * meanwhile joins it (no other transaction starts while it waits).
   */
  private start(): void {
    while (!this.forming && this.inFlight < this.options.maxInFlight) {
      if (!this.waiting.some((queued) => !this.busy.has(queued.key))) return;
      this.inFlight++;
      let batch = this.inFlight === 1 || !this.deps.oneConnection ? this.take() : null;
      this.forming = batch === null;
      const take = async () => {
        // A batch that just committed frees its keys within this turn: let it.
        if (!batch && this.waiting.some((queued) => this.busy.has(queued.key))) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        batch ??= this.take();
        return batch;
      };
      void this.commit(take).finally(() => {
        for (const queued of batch ?? []) this.busy.delete(queued.key);
        this.inFlight--;
        this.schedule();
      });
    }
  }

  /** Up to `maxBatch` waiting items in arrival order whose key has none in flight. */
  private take(): Queued<I, O>[] {
    const batch: Queued<I, O>[] = [];
    const left: Queued<I, O>[] = [];
    for (const queued of this.waiting) {
      if (batch.length < this.options.maxBatch && !this.busy.has(queued.key)) {
        batch.push(queued);
        this.busy.add(queued.key);
      } else {
        left.push(queued);
      }
    }
    this.waiting = left;
    this.forming = false;
    this.schedule();
    return batch;
  }

  /** Writes the batch `take` gives once the transaction holds its connection; settles each. */
  private async commit(take: () => Promise<Queued<I, O>[]>): Promise<void> {
    let outcomes: Outcome<O>[];
    try {
      outcomes = await this.attempt(take, true).catch((error: unknown) => {
        if (error instanceof OneByOne) return this.attempt(take, false);
        throw error;
      });
    } catch (error) {
      // The transaction itself failed (the connection, the commit): nothing of it is stored.
      for (const queued of await take()) queued.reject(error);
      return;
    }
    (await take()).forEach((queued, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
  }

  /**
   * One transaction for the batch. `together`: the whole batch written straight in (a failure
   * throws OneByOne, rolling it back); otherwise each item under a savepoint, failing alone.
   */
  private async attempt(
    take: () => Promise<Queued<I, O>[]>,
    together: boolean,
  ): Promise<Outcome<O>[]> {
    const outbox = new Outbox();
    let outcomes: Outcome<O>[] = [];
    const deliver = await this.deps.db.transaction().execute(async (tx) => {
      const batch = await take();
      outcomes = together
        ? await this.writeTogether(tx, outbox, batch)
        : await this.writeOneByOne(tx, outbox, batch);
      // The other nodes hear of the batch with its commit; this node's clients right after it.
      return this.deps.publisher.publishWith(tx, outbox.pushes);
    });
    if (deliver) await deliver();
    else await this.deps.publisher.publish(outbox.pushes);
    return outcomes;
  }

  private async writeTogether(
    tx: Tx,
    outbox: Outbox,
    batch: Queued<I, O>[],
  ): Promise<Outcome<O>[]> {
    const items = batch.map((queued) => queued.item);
    try {
      let values: O[] = [];
      if (this.options.writeBatch) values = await this.options.writeBatch(tx, outbox, items);
      else for (const item of items) values.push(await this.write(tx, outbox, item));
      return values.map((value) => ({ ok: true, value }));
    } catch (error) {
      throw new OneByOne(error);
    }
  }

  private async writeOneByOne(
    tx: Tx,
    outbox: Outbox,
    batch: Queued<I, O>[],
  ): Promise<Outcome<O>[]> {
    const outcomes: Outcome<O>[] = [];
    for (const queued of batch) {
      const mark = outbox.pushes.length;
      await sql`savepoint group_commit_item`.execute(tx);
      try {
        const value = await this.write(tx, outbox, queued.item);
        await sql`release savepoint group_commit_item`.execute(tx);
        outcomes.push({ ok: true, value });
      } catch (error) {
        await sql`rollback to savepoint group_commit_item`.execute(tx);
        outbox.discardSince(mark);
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }
}
