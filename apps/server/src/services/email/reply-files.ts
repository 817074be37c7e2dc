import type { ReplyFilesResponse } from '@sangdam/contracts';
import { formatFileSize, replyAttachmentPolicy } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  findInteraction,
  insertReplyFile,
  listParticipants,
  loadAttachmentPolicy,
  removeReplyFile,
  takeReplyFiles,
  type ReplyFileRow,
  type StoredBlob,
  type Tx,
} from '@sangdam/store';
import { deleteBlobs, receiveFiles, type UploadPart } from '../chat/attachments.ts';
import { inTransaction, type Deps } from '../deps.ts';
import type { AgentActor } from '../interactions/lifecycle.ts';
import { assertHoldsEmail } from './compose.ts';

/**
 * R-EM-5: files for an email reply, uploaded before it is sent by the agent holding the contact.
 * Received, checked against the email channel's policy (at most 10 files, together under its
 * limit, its types) and PCI-scanned as a chat's files are (a file with card data is dropped, the
 * agent told); kept files wait in the blob store, this agent's, until a reply names them.
 */
export async function uploadReplyFiles(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
  parts: AsyncIterable<UploadPart>,
): Promise<ReplyFilesResponse> {
  const interaction = await findInteraction(deps.db, interactionId);
  if (!interaction) throw new AppError('NOT_FOUND', 'No such conversation');
  assertHoldsEmail(agent, interaction, await listParticipants(deps.db, interactionId));
  const policy = replyAttachmentPolicy(await loadAttachmentPolicy(deps.db, 'email'));
  const stored: StoredBlob[] = [];
  try {
    const { kept, dropped } = await receiveFiles(
      deps,
      {
        channel: 'email',
        policy,
        interactionId,
        actor: { kind: 'agent', userId: agent.userId },
        checkFields(_fields, files) {
          if (files === 0) throw new AppError('MESSAGE_EMPTY', 'Choose a file to attach');
        },
      },
      parts,
      stored,
    );
    const files = await inTransaction(deps, async (tx) => {
      const ids: string[] = [];
      for (const file of kept) {
        ids.push(
          await insertReplyFile(tx, {
            interactionId,
            userId: agent.userId,
            originalName: file.name,
            contentType: file.contentType,
            size: file.size,
            sha256: file.blob.sha256,
            blobKey: file.blob.key,
            verdict: file.verdict,
          }),
        );
      }
      return ids;
    });
    return {
      files: kept.map((file, index) => ({
        id: files[index]!,
        name: file.name,
        size: file.size,
        contentType: file.contentType,
      })),
      dropped,
    };
  } catch (error) {
    await deleteBlobs(deps, stored);
    throw error;
  }
}

/**
 * R-EM-5: the agent takes a file off a reply before sending it (the X on the file): the upload
 * and its blob go at once, not when the contact is deleted. Only the uploader's own waiting
 * file: another agent's, one already sent or an unknown id is ATTACHMENT_NOT_FOUND, nothing
 * changed. (Allowed after a transfer or the end too: it only removes what this agent put there.)
 */
export async function removeUploadedReplyFile(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
  fileId: string,
): Promise<void> {
  const interaction = await findInteraction(deps.db, interactionId);
  if (!interaction) throw new AppError('NOT_FOUND', 'No such conversation');
  const blobKey = await inTransaction(deps, (tx) =>
    removeReplyFile(tx, { interactionId, userId: agent.userId, id: fileId }),
  );
  if (blobKey === undefined) {
    throw new AppError(
      'ATTACHMENT_NOT_FOUND',
      'This file is not waiting for a reply of yours: it was sent or removed already',
    );
  }
  await deleteBlobs(deps, [{ key: blobKey }]);
}

/**
 * The files a reply names, taken out of waiting in the reply's transaction: refused before
 * anything is stored or sent when there are too many (over 10, or the admin's lower count),
 * when together they reach the email limit, or when one is not this agent's upload for this
 * contact (another's, already sent, or unknown).
 */
export async function takeFilesForReply(
  tx: Tx,
  agent: AgentActor,
  interactionId: string,
  ids: readonly string[],
): Promise<ReplyFileRow[]> {
  if (ids.length === 0) return [];
  const policy = replyAttachmentPolicy(await loadAttachmentPolicy(tx, 'email'));
  if (!policy.enabled) {
    throw new AppError('ATTACHMENTS_DISABLED', 'Files cannot be sent with email replies');
  }
  if (ids.length > policy.maxFiles) {
    throw new AppError(
      'ATTACHMENT_TOO_MANY',
      `A reply can have at most ${policy.maxFiles} files; nothing was sent`,
    );
  }
  if (new Set(ids).size !== ids.length) {
    throw new AppError('VALIDATION_FAILED', 'attachmentIds: each file once');
  }
  const files = await takeReplyFiles(tx, interactionId, agent.userId, ids);
  if (files.length !== ids.length) {
    throw new AppError(
      'ATTACHMENT_NOT_FOUND',
      'A file of this reply is no longer there; attach it again. Nothing was sent',
    );
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total >= policy.totalLimitBytes) {
    throw new AppError(
      'ATTACHMENT_TOO_LARGE',
      `The files of a reply must be under ${formatFileSize(policy.totalLimitBytes)} together; nothing was sent`,
    );
  }
  return files;
}
