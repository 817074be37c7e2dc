import type { MailWorkers } from '@sangdam/mail';
import type { BlobStore, Db, Tx } from '@sangdam/store';
import type { Logger } from 'pino';
import { Outbox, type Publisher } from './outbox.ts';
import type { SpoolPlace } from './spool.ts';

/** What every use case may use. Built once in app.ts; tests build their own. */
export interface Deps {
  db: Db;
  /**
   * The database is one connection (embedded PGlite): a second transaction waits for the first
   * to commit. Absent or false: a pool, where transactions run side by side.
   */
  oneConnection?: boolean;
  clock: () => Date;
  publisher: Publisher;
  log: Logger;
  /** Where file contents live (attachments). */
  blobs: BlobStore;
  /** Where uploads spill to disk while they are checked. */
  spool: SpoolPlace;
  /** Asks the router to run soon (coalesced); never waits for it. */
  requestRouting: () => void;
  /** Threads that parse and screen received mail; absent: on the calling thread. */
  mailWorkers?: MailWorkers;
  /** Asks the mail sender to run soon (a reply was queued); absent where no sender runs. */
  requestMailSend?: () => void;
}

/** Runs `work` in one transaction and publishes what it queued only after commit. */
export async function inTransaction<T>(
  deps: Pick<Deps, 'db' | 'publisher'>,
  work: (tx: Tx, outbox: Outbox) => Promise<T>,
): Promise<T> {
  const outbox = new Outbox();
  const result = await deps.db.transaction().execute((tx) => work(tx, outbox));
  await deps.publisher.publish(outbox.pushes);
  return result;
}
