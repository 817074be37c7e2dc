import type {
  AdminQueue,
  Channel,
  ChannelSetting,
  ChannelSettingBody,
  QueueBody,
} from '@sangdam/contracts';
import { channelTotalLimitMax, formatFileSize } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  deleteAdminQueue,
  insertAdminQueue,
  listAdminQueues,
  listChannelSettings,
  queueUsage,
  saveAttachmentPolicy,
  setChannelCustomerAwayTimeout,
  setChannelWrapUp,
  setChannelOfferTimeout,
  updateAdminQueue,
} from '@sangdam/store';
import { forgetEmailAttachmentPolicy } from '../email/ingest.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { configChanged } from '../outbox.ts';
import { requireFreeName, uniqueNameGuard } from './rules.ts';

const notFound = () => new AppError('NOT_FOUND', 'This queue no longer exists');

/** Creates a queue (R-AV-4: an optional offer timeout overriding its channel's). */
export async function createQueue(deps: Deps, body: QueueBody): Promise<AdminQueue> {
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('queues'));
    await requireFreeName(tx, 'queues', body.name, null);
    const { id } = await uniqueNameGuard('A queue', () => insertAdminQueue(tx, body));
    const [queue] = await listAdminQueues(tx, id);
    return queue!;
  });
}

/** Edits a queue; the next offer from it uses the new strategy and timeout. */
export async function updateQueue(deps: Deps, id: string, body: QueueBody): Promise<AdminQueue> {
  const queue = await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('queues'));
    const [current] = await listAdminQueues(tx, id);
    if (!current) throw notFound();
    await requireFreeName(tx, 'queues', body.name, id);
    if (current.channel !== body.channel) {
      const usage = await queueUsage(tx, id);
      if (usage && (usage.interactions > 0 || usage.entryPoints > 0)) {
        throw new AppError(
          'IN_USE',
          `The channel of “${current.name}” cannot change: it already has ${current.channel} contacts or entry points. Create a new queue instead.`,
        );
      }
    }
    await uniqueNameGuard('A queue', () => updateAdminQueue(tx, id, body));
    const [updated] = await listAdminQueues(tx, id);
    return updated!;
  });
  deps.requestRouting();
  return queue;
}

/** Deletes a queue nothing points at; one that routed contacts stays for their history. */
export async function deleteQueue(deps: Deps, id: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('queues'));
    const usage = await queueUsage(tx, id);
    if (!usage) throw notFound();
    if (usage.entryPoints > 0) {
      throw new AppError(
        'IN_USE',
        'A chat entry point sends customers to this queue; point it to another queue first',
      );
    }
    if (usage.emailAddresses > 0) {
      throw new AppError(
        'IN_USE',
        'An email address sends its mail to this queue; point it to another queue first',
      );
    }
    if (usage.interactions > 0) {
      throw new AppError(
        'IN_USE',
        `${usage.interactions} contact(s) went through this queue, so it is kept for their history; remove its teams to stop routing to it`,
      );
    }
    await deleteAdminQueue(tx, id);
  });
}

export function listQueuesForAdmin(deps: Deps): Promise<AdminQueue[]> {
  return listAdminQueues(deps.db);
}

export function listChannelOfferTimeouts(deps: Deps): Promise<ChannelSetting[]> {
  return listChannelSettings(deps.db);
}

/**
 * R-AV-7: the offer timeout of a channel, used by its queues without their own; and how long its
 * customers may be away before their chat ends; R-WU-2: the wrap-up timeout and whether agents
 * may stop it (each unchanged when left out).
 */
export async function setChannelTimeout(
  deps: Deps,
  channel: Channel,
  body: ChannelSettingBody,
): Promise<ChannelSetting> {
  const saved = await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('channels'));
    await setChannelOfferTimeout(tx, channel, body.offerTimeoutSeconds);
    if (body.customerAwayTimeoutSeconds !== undefined) {
      await setChannelCustomerAwayTimeout(tx, channel, body.customerAwayTimeoutSeconds);
    }
    const { wrapUpTimeoutSeconds, wrapUpCancelAllowed } = body;
    await setChannelWrapUp(tx, channel, { wrapUpTimeoutSeconds, wrapUpCancelAllowed });
    if (body.attachments) {
      if (body.attachments.totalLimitBytes > channelTotalLimitMax(channel)) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Attachments of one ${channel} message must stay under ${formatFileSize(channelTotalLimitMax(channel))}`,
        );
      }
      await saveAttachmentPolicy(tx, channel, body.attachments);
    }
    const settings = await listChannelSettings(tx);
    return settings.find((setting) => setting.channel === channel)!;
  });
  // The next mail follows the new policy at once (other nodes within EMAIL_POLICY_FRESH_MS).
  if (body.attachments && channel === 'email') forgetEmailAttachmentPolicy(deps.db);
  return saved;
}
