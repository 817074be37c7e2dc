import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** How an address's IMAP mailbox is doing (0017-imap-status); absent until it was tried. */
export interface ImapStatusRow {
  emailAddressId: string;
  lastSuccessAt: Date | null;
  lastProblemAt: Date | null;
  lastProblemCode: string | null;
  lastProblemDetail: string | null;
}

/** The mailbox was read to its end at `at`. An address deleted meanwhile is left alone. */
export async function recordImapSuccess(
  db: Executor,
  emailAddressId: string,
  at: Date,
): Promise<void> {
  await sql`
    insert into imap_mailbox_status (email_address_id, last_success_at)
    select ${emailAddressId}::uuid, ${at}::timestamptz
    where exists (select 1 from email_addresses where id = ${emailAddressId}::uuid)
    on conflict (email_address_id) do update set
      last_success_at = greatest(imap_mailbox_status.last_success_at, excluded.last_success_at)`.execute(
    db,
  );
}

/** The mailbox's latest problem: a code the UIs name and the server's words (no password). */
export async function recordImapProblem(
  db: Executor,
  emailAddressId: string,
  problem: { at: Date; code: string; detail: string },
): Promise<void> {
  await sql`
    insert into imap_mailbox_status
      (email_address_id, last_problem_at, last_problem_code, last_problem_detail)
    select ${emailAddressId}::uuid, ${problem.at}::timestamptz, ${problem.code}, ${problem.detail}
    where exists (select 1 from email_addresses where id = ${emailAddressId}::uuid)
    on conflict (email_address_id) do update set
      last_problem_at = excluded.last_problem_at,
      last_problem_code = excluded.last_problem_code,
      last_problem_detail = excluded.last_problem_detail`.execute(db);
}

/** Forgets how the mailbox did: its settings changed, so what it did before says nothing now. */
export async function clearImapStatus(db: Executor, emailAddressId: string): Promise<void> {
  await db.deleteFrom('imapMailboxStatus').where('emailAddressId', '=', emailAddressId).execute();
}

/** Every mailbox's status, by address id. */
export async function listImapStatuses(db: Executor): Promise<Map<string, ImapStatusRow>> {
  const rows = await db.selectFrom('imapMailboxStatus').selectAll().execute();
  return new Map(rows.map((row) => [row.emailAddressId, row]));
}
