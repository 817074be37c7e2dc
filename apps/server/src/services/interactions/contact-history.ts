import type {
  ContactHistoryEntry,
  ContactHistoryPage,
  EmailMessage,
  PastTranscript,
} from '@sangdam/contracts';
import { limits } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  canOverseeInteraction,
  findInteraction,
  isInContactHistory,
  isServingInteraction,
  listContactHistory,
  listEventsAfter,
  type ContactHistoryRow,
  type Executor,
} from '@sangdam/store';
import { openStoredAttachment, type StoredFile } from '../chat/attachments.ts';
import type { Deps } from '../deps.ts';
import { presentContactEmails } from '../email/read.ts';
import { presentEvent } from './presenters.ts';

/**
 * R-CH-7 / R-EM-8: a customer's earlier contacts, seen from a contact of theirs. An agent sees
 * the history of customers they serve now (a participant of `interactionId`, not yet released
 * by their wrap-up); supervisors and admins that of contacts they may oversee.
 */
export async function listCustomerHistory(
  deps: Pick<Deps, 'db'>,
  viewerId: string,
  input: { interactionId: string; before: string | null },
): Promise<ContactHistoryPage> {
  await assertMayReadHistory(deps.db, viewerId, input.interactionId);
  const pageSize = limits.contactHistoryPageSize;
  const rows = await listContactHistory(deps.db, input.interactionId, {
    beforeId: input.before,
    limit: pageSize + 1,
  });
  const contacts = rows.slice(0, pageSize).map(presentHistoryEntry);
  return {
    contacts,
    nextBefore: rows.length > pageSize ? (contacts.at(-1)?.id ?? null) : null,
  };
}

/**
 * One earlier contact's events as agents see them, read-only, paged like `interaction:sync`.
 * Only a contact the history of `interactionId` lists opens; anything else is NOT_FOUND, the
 * same answer whether or not that contact exists.
 */
export async function readPastTranscript(
  deps: Pick<Deps, 'db'>,
  viewerId: string,
  input: { interactionId: string; pastId: string; afterSeq: number },
): Promise<PastTranscript> {
  await assertMayReadHistory(deps.db, viewerId, input.interactionId);
  if (!(await isInContactHistory(deps.db, input.interactionId, input.pastId))) {
    throw new AppError('NOT_FOUND', 'This customer has no such earlier contact');
  }
  const pageSize = limits.syncPageSize;
  const rows = await listEventsAfter(deps.db, input.pastId, input.afterSeq, pageSize + 1);
  return { events: rows.slice(0, pageSize).map(presentEvent), more: rows.length > pageSize };
}

/**
 * A file of one earlier contact, for who may read its transcript (an agent serving the customer
 * now need not have been in that contact). NOT_FOUND for a file or contact the history does not
 * list.
 */
export async function openPastAttachment(
  deps: Pick<Deps, 'db' | 'blobs'>,
  viewerId: string,
  input: { interactionId: string; pastId: string; attachmentId: string },
): Promise<StoredFile> {
  await assertMayReadHistory(deps.db, viewerId, input.interactionId);
  if (!(await isInContactHistory(deps.db, input.interactionId, input.pastId))) {
    throw new AppError('NOT_FOUND', 'This customer has no such earlier contact');
  }
  return openStoredAttachment(deps, input.pastId, input.attachmentId);
}

/**
 * R-EM-8 "View email message": the mails of one earlier email contact of the customer, whole
 * (sanitised HTML included), read-only, for who may read its transcript. NOT_FOUND for a contact
 * the history does not list; NOT_EMAIL_CONTACT for a chat.
 */
export async function readPastEmails(
  deps: Pick<Deps, 'db'>,
  viewerId: string,
  input: { interactionId: string; pastId: string },
): Promise<EmailMessage[]> {
  await assertMayReadHistory(deps.db, viewerId, input.interactionId);
  if (!(await isInContactHistory(deps.db, input.interactionId, input.pastId))) {
    throw new AppError('NOT_FOUND', 'This customer has no such earlier contact');
  }
  const past = await findInteraction(deps.db, input.pastId);
  if (past?.channel !== 'email') {
    throw new AppError('NOT_EMAIL_CONTACT', 'That earlier contact is not an email');
  }
  return presentContactEmails(deps.db, input.pastId);
}

async function assertMayReadHistory(db: Executor, viewerId: string, interactionId: string) {
  if (!(await findInteraction(db, interactionId))) {
    throw new AppError('NOT_FOUND', 'No such conversation');
  }
  if (await isServingInteraction(db, viewerId, interactionId)) return;
  if (await canOverseeInteraction(db, viewerId, interactionId)) return;
  throw new AppError(
    'FORBIDDEN',
    'You can see the contact history only of customers you are serving now',
  );
}

function presentHistoryEntry(row: ContactHistoryRow): ContactHistoryEntry {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    queue: { id: row.queueId, name: row.queueName, channel: row.queueChannel },
    agents: row.agents,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds:
      row.endedAt === null
        ? null
        : Math.max(0, Math.floor((row.endedAt.getTime() - row.startedAt.getTime()) / 1000)),
    wrapUpReasons: row.wrapUpReasons,
  };
}
