import { baseAddress } from '@sangdam/mail';
import {
  findEmailAddress,
  findEmailAddressesByAddress,
  listEmailAddresses,
  type Db,
  type EmailAddressRow,
} from '@sangdam/store';
import type { Deps } from '../deps.ts';

/**
 * How long a node keeps the organisation's email addresses it read before reading them again:
 * an admin's change made on this node applies to the next mail at once (the cache is dropped
 * after the change commits), one made on another node within this time. An address the cache
 * does not know is looked up in the database, so a new address takes mail at once everywhere.
 */
export const EMAIL_ADDRESSES_FRESH_MS = 5_000;

interface Addresses {
  byAddress: Map<string, EmailAddressRow>;
  byId: Map<string, EmailAddressRow>;
  readAt: number;
}
const cache = new WeakMap<Db, Addresses>();
const reading = new WeakMap<Db, Promise<Addresses>>();

/**
 * The organisation's email addresses, read at most once per `EMAIL_ADDRESSES_FRESH_MS` (one
 * read for the mails that arrive meanwhile): every received mail and SMTP recipient needs them.
 */
async function addresses(deps: Pick<Deps, 'db' | 'clock'>): Promise<Addresses> {
  const now = deps.clock().getTime();
  const cached = cache.get(deps.db);
  if (cached && now - cached.readAt >= 0 && now - cached.readAt < EMAIL_ADDRESSES_FRESH_MS) {
    return cached;
  }
  const pending = reading.get(deps.db);
  if (pending) return pending;
  const read = listEmailAddresses(deps.db)
    .then((rows) => {
      const fresh = {
        byAddress: new Map(rows.map((row) => [row.address, row])),
        byId: new Map(rows.map((row) => [row.id, row])),
        readAt: now,
      };
      // A change committed while this read ran dropped the cache: keep its word.
      if (reading.get(deps.db) === read) cache.set(deps.db, fresh);
      return fresh;
    })
    .finally(() => {
      if (reading.get(deps.db) === read) reading.delete(deps.db);
    });
  reading.set(deps.db, read);
  return read;
}

/** The first of `recipients` that is one of the organisation's addresses (any `+tag` ignored). */
export async function configuredAddress(
  deps: Pick<Deps, 'db' | 'clock'>,
  recipients: readonly string[],
): Promise<EmailAddressRow | undefined> {
  const { byAddress } = await addresses(deps);
  const candidates = [...new Set(recipients.map(baseAddress))];
  for (const candidate of candidates) {
    const row = byAddress.get(candidate);
    if (row) return row;
  }
  const [added] = await findEmailAddressesByAddress(deps.db, candidates);
  return added;
}

/** The organisation's address with this id (an IMAP mailbox's). */
export async function configuredAddressById(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: string,
): Promise<EmailAddressRow | undefined> {
  return (await addresses(deps)).byId.get(id) ?? findEmailAddress(deps.db, id);
}

/** Call after an admin's change of the email addresses (or a queue they name) committed. */
export function forgetEmailAddresses(db: Db): void {
  cache.delete(db);
  reading.delete(db);
}
