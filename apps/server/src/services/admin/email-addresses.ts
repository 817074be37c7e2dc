import type {
  AdminEmailAddress,
  EmailAddressBody,
  ImapProblemCode,
  ImapStatus,
} from '@sangdam/contracts';
import { imapProblemCodes } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  clearImapStatus,
  deleteEmailAddress,
  emailAddressTaken,
  emailAddressUsage,
  findEmailAddress,
  insertEmailAddress,
  listEmailAddresses,
  listImapStatuses,
  updateEmailAddress,
  type EmailAddressRow,
  type ImapStatusRow,
  type Tx,
} from '@sangdam/store';
import { sealMailSecret } from '../../auth/mail-secrets.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { forgetEmailAddresses } from '../email/addresses.ts';

/** The organisation's email addresses (R-EM-1): each routes its mail to an email queue. */
export async function listAddresses(deps: Deps): Promise<AdminEmailAddress[]> {
  const [rows, statuses] = await Promise.all([
    listEmailAddresses(deps.db),
    listImapStatuses(deps.db),
  ]);
  return rows.map((row) => present(row, statuses.get(row.id)));
}

export async function createAddress(
  deps: Deps,
  body: EmailAddressBody,
  secretKey: string | undefined,
): Promise<AdminEmailAddress> {
  const created = await inTransaction(deps, async (tx) => {
    const values = await valuesOf(tx, body, null, secretKey);
    const { id } = await takenGuard(body.address, () => insertEmailAddress(tx, values));
    return present((await findEmailAddress(tx, id))!);
  });
  forgetEmailAddresses(deps.db);
  return created;
}

export async function updateAddress(
  deps: Deps,
  id: string,
  body: EmailAddressBody,
  secretKey: string | undefined,
): Promise<AdminEmailAddress> {
  const updated = await inTransaction(deps, async (tx) => {
    const current = await findEmailAddress(tx, id);
    if (!current) throw new AppError('NOT_FOUND', 'This email address no longer exists');
    const values = await valuesOf(tx, body, current, secretKey);
    await takenGuard(body.address, () => updateEmailAddress(tx, id, values));
    // New mailbox settings: how the old ones did says nothing (the pollers restart it).
    if (imapSettingsOf(current) !== imapSettingsOf(values.imap)) await clearImapStatus(tx, id);
    return present((await findEmailAddress(tx, id))!);
  });
  // The next mail on this node goes to the new queue (other nodes within EMAIL_ADDRESSES_FRESH_MS).
  forgetEmailAddresses(deps.db);
  return updated;
}

/** Deletes an address no contact came through yet; one that has contacts stays (their replies come from it). */
export async function deleteAddress(deps: Deps, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const used = await emailAddressUsage(tx, id);
    if (used > 0) {
      throw new AppError(
        'IN_USE',
        `${used} contact${used === 1 ? '' : 's'} came through this address and reply from it; change its queue instead`,
      );
    }
    if (!(await deleteEmailAddress(tx, id))) {
      throw new AppError('NOT_FOUND', 'This email address no longer exists');
    }
  });
  forgetEmailAddresses(deps.db);
}

async function valuesOf(
  tx: Tx,
  body: EmailAddressBody,
  current: EmailAddressRow | null,
  secretKey: string | undefined,
) {
  if (await emailAddressTaken(tx, body.address, current?.id ?? null)) {
    throw new AppError('EMAIL_ADDRESS_TAKEN', `${body.address} is already set up`);
  }
  const queue = await tx
    .selectFrom('queues')
    .select('channel')
    .where('id', '=', body.queueId)
    .executeTakeFirst();
  if (!queue) {
    throw new AppError('VALIDATION_FAILED', 'queueId: no such queue (it may have been deleted)');
  }
  if (queue.channel !== 'email') {
    throw new AppError('QUEUE_NOT_EMAIL', 'queueId: mail can only go to an email queue');
  }
  let imap = null;
  if (body.imap) {
    const { password, ...mailbox } = body.imap;
    let passwordSealed = current?.imapPasswordSealed ?? null;
    if (password !== undefined) {
      if (!secretKey) {
        throw new AppError(
          'MAIL_SECRET_KEY_MISSING',
          'Set MAIL_SECRET_KEY on the server to keep IMAP passwords',
        );
      }
      passwordSealed = sealMailSecret(secretKey, password);
    }
    if (!passwordSealed) {
      throw new AppError('VALIDATION_FAILED', 'imap.password: is required');
    }
    imap = { ...mailbox, passwordSealed };
  }
  return { address: body.address, displayName: body.displayName, queueId: body.queueId, imap };
}

/** Two admins adding one address at once both pass the check; the unique index decides. */
async function takenGuard<T>(address: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') {
      throw new AppError('EMAIL_ADDRESS_TAKEN', `${address} is already set up`);
    }
    throw error;
  }
}

/** The IMAP settings of a stored row or of new values, comparable as one string. */
function imapSettingsOf(
  from:
    | EmailAddressRow
    | {
        host: string;
        port: number;
        tls: boolean;
        user: string;
        passwordSealed: string;
        folder: string;
      }
    | null,
): string {
  if (from === null) return 'none';
  if ('address' in from) {
    if (from.imapHost === null) return 'none';
    return JSON.stringify([
      from.imapHost,
      from.imapPort,
      from.imapTls,
      from.imapUser,
      from.imapPasswordSealed,
      from.imapFolder,
    ]);
  }
  return JSON.stringify([
    from.host,
    from.port,
    from.tls,
    from.user,
    from.passwordSealed,
    from.folder,
  ]);
}

function statusOf(row: ImapStatusRow | undefined): ImapStatus {
  const code = row?.lastProblemCode as ImapProblemCode | null | undefined;
  return {
    lastSuccessAt: row?.lastSuccessAt?.toISOString() ?? null,
    lastProblem:
      row?.lastProblemAt && code
        ? {
            at: row.lastProblemAt.toISOString(),
            code: imapProblemCodes.includes(code) ? code : 'other',
            detail: row.lastProblemDetail ?? '',
          }
        : null,
  };
}

function present(row: EmailAddressRow, status?: ImapStatusRow): AdminEmailAddress {
  return {
    id: row.id,
    address: row.address,
    displayName: row.displayName,
    queue: { id: row.queueId, name: row.queueName, channel: 'email' },
    imap:
      row.imapHost === null
        ? null
        : {
            host: row.imapHost,
            port: row.imapPort!,
            tls: row.imapTls!,
            user: row.imapUser!,
            folder: row.imapFolder!,
            status: statusOf(status),
          },
  };
}
