import {
  adminLimits,
  type PredefinedResponse,
  type PredefinedResponseBody,
} from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  countPredefinedResponsesForInsert,
  deletePredefinedResponse,
  insertPredefinedResponse,
  listPredefinedResponses,
  responseTitleTaken,
  updatePredefinedResponse,
  type Executor,
} from '@sangdam/store';
import { uniqueNameGuard } from './rules.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { configChanged } from '../outbox.ts';

const subject = 'A predefined response';

async function requireFreeTitle(db: Executor, title: string, exceptId: string | null) {
  if (await responseTitleTaken(db, title, exceptId)) {
    throw new AppError('NAME_TAKEN', `${subject} titled “${title}” already exists`);
  }
}

/** Every predefined response, for the admin screen and for agents' pickers alike (R-CH-4). */
export function listResponses(deps: Deps): Promise<PredefinedResponse[]> {
  return listPredefinedResponses(deps.db);
}

/** Adds a predefined response; open desktops refetch their pickers after commit. */
export async function createResponse(
  deps: Deps,
  body: PredefinedResponseBody,
): Promise<PredefinedResponse> {
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('predefined-responses'));
    const max = adminLimits.predefinedResponsesMax;
    if ((await countPredefinedResponsesForInsert(tx)) >= max) {
      throw new AppError(
        'RESPONSE_LIMIT_REACHED',
        `There are already ${max} predefined responses, the most Sangdam keeps; delete one first`,
      );
    }
    await requireFreeTitle(tx, body.title, null);
    return uniqueNameGuard(subject, () => insertPredefinedResponse(tx, body, deps.clock()));
  });
}

/** Replaces a response's title, text and category. */
export async function updateResponse(
  deps: Deps,
  id: string,
  body: PredefinedResponseBody,
): Promise<PredefinedResponse> {
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('predefined-responses'));
    await requireFreeTitle(tx, body.title, id);
    const updated = await uniqueNameGuard(subject, () =>
      updatePredefinedResponse(tx, id, body, deps.clock()),
    );
    if (!updated) throw new AppError('NOT_FOUND', 'This predefined response no longer exists');
    return updated;
  });
}

/** Deletes a response; replies already sent with it keep their text. */
export async function deleteResponse(deps: Deps, id: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('predefined-responses'));
    if (!(await deletePredefinedResponse(tx, id))) {
      throw new AppError('NOT_FOUND', 'This predefined response no longer exists');
    }
  });
}
