import type {
  AttachmentPolicy,
  AttachmentRef,
  DroppedAttachment,
  SendAttachmentsResponse,
} from '@sangdam/contracts';
import { checkAttachments, extensionOf } from '@sangdam/contracts';
import {
  AppError,
  assertAgentCanWrite,
  assertOpen,
  contentFitsExtension,
  isTextExtension,
  looksLikeText,
  validateChatText,
} from '@sangdam/core';
import {
  redactText,
  scanAttachment,
  summarizeFindings,
  type AttachmentSource,
  type AttachmentVerdict,
} from '@sangdam/pci';
import {
  findAttachment,
  findInteractionForMessage,
  insertAttachment,
  loadAttachmentPolicy,
  loadPciPolicy,
  recordAudit,
  type StoredBlob,
} from '@sangdam/store';
import { fileTypeFromFile } from 'file-type';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertOwnChat, assertParticipant, authorOf, loadForActor, type Actor } from './chat.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { appendAndFanOut } from '../fan-out.ts';
import { auditingBlockedText, guardText } from '../pci-guard.ts';
import { makeSpool } from '../spool.ts';

/** One part of a multipart upload, as the route hands it over (in the order it arrives). */
export type UploadPart =
  { kind: 'field'; name: string; value: string } | { kind: 'file'; name: string; stream: Readable };

interface SpooledFile {
  name: string;
  path: string;
  size: number;
}

/**
 * The PCI scan reads a file from its temporary file by position: text, markup and zipped Office
 * documents as a stream (a few 64 KiB pieces in memory), the other types (PDF, legacy Office,
 * RTF, mail messages) whole, as their parsers need. Scans run one at a time per node, so however
 * many uploads arrive together a node holds at most one such file (under the channel's cap, 35 MB
 * for chat) for scanning; receiving, storing and downloading always stream.
 */
class ScanSlots {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
const scanSlots = new ScanSlots();

const textSniffBytes = 64 * 1024;

/** A file received, checked, scanned and kept in the blob store. */
export interface KeptFile {
  name: string;
  size: number;
  contentType: string;
  verdict: 'clean' | 'unreadable';
  blob: StoredBlob;
}

/** Who sends files where, under which policy (for the checks and the audit of dropped files). */
export interface FileIntake {
  channel: 'chat' | 'email';
  policy: AttachmentPolicy;
  interactionId: string;
  actor: { kind: 'agent' | 'customer'; userId: string | null };
  /** Checks the form fields once every part has arrived, before any scan. */
  checkFields?: (fields: ReadonlyMap<string, string>, files: number) => void;
}

/**
 * Receives an upload's files (R-CH-5, R-EM-5, R-PCI-3): each is streamed to a private temporary
 * file while the size cap is counted; names, the count, extensions (the channel's allow-list)
 * and content (sniffed, a renamed executable is refused) are checked; then the PCI scan: a file
 * with card data is dropped — nothing of it kept — and audited; an unreadable file follows the
 * PCI policy. Kept files go to the blob store (each pushed to `stored` at once, for the caller
 * to delete should it fail later). The temporary files are removed whatever happens.
 */
export async function receiveFiles(
  deps: Deps,
  intake: FileIntake,
  parts: AsyncIterable<UploadPart>,
  stored: StoredBlob[],
): Promise<{ fields: Map<string, string>; kept: KeptFile[]; dropped: DroppedAttachment[] }> {
  const { policy } = intake;
  if (!policy.enabled) {
    throw new AppError('ATTACHMENTS_DISABLED', 'Files cannot be sent in this conversation');
  }
  const spool = await makeSpool(deps.spool);
  try {
    const fields = new Map<string, string>();
    const files: SpooledFile[] = [];
    let total = 0;
    for await (const part of parts) {
      if (part.kind === 'field') {
        fields.set(part.name, part.value);
        continue;
      }
      const announced = [
        ...files.map(({ name, size }) => ({ name, size })),
        { name: part.name, size: 1 },
      ];
      const problem = checkAttachments(
        { ...policy, totalLimitBytes: Number.MAX_SAFE_INTEGER },
        announced,
      );
      if (problem) {
        part.stream.resume();
        throw attachmentError(problem.code);
      }
      const path = join(spool, String(files.length));
      let size = 0;
      const cap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (total + size >= policy.totalLimitBytes) done(attachmentError('ATTACHMENT_TOO_LARGE'));
          else done(null, chunk);
        },
      });
      await pipeline(part.stream, cap, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      if (size === 0) throw attachmentError('ATTACHMENT_EMPTY');
      total += size;
      files.push({ name: part.name, path, size });
    }
    intake.checkFields?.(fields, files.length);

    const typed: (SpooledFile & { contentType: string })[] = [];
    for (const file of files) typed.push({ ...file, contentType: await sniff(file) });

    const pci = await loadPciPolicy(deps.db, intake.channel);
    const kept: KeptFile[] = [];
    const dropped: DroppedAttachment[] = [];
    for (const file of typed) {
      const result = await scanSlots.run(() => scanFile(file));
      const reason =
        result.verdict === 'card-data'
          ? 'card-data'
          : result.verdict === 'unreadable' && !pci.allowUnscannableAttachments
            ? 'unreadable'
            : null;
      if (reason) {
        await rm(file.path, { force: true });
        dropped.push({ name: redactText(file.name).text, reason });
        await recordAudit(deps.db, {
          at: deps.clock(),
          action:
            reason === 'card-data' ? 'pci.attachment-dropped' : 'attachment.unreadable-dropped',
          actorKind: intake.actor.kind,
          actorId: intake.actor.userId,
          interactionId: intake.interactionId,
          detail: {
            channel: intake.channel,
            findings: Object.fromEntries(
              Object.entries(summarizeFindings(result.findings)).filter(([, n]) => n > 0),
            ),
          },
        });
        continue;
      }
      const blob = await deps.blobs.put(createReadStream(file.path));
      stored.push(blob);
      kept.push({
        name: file.name,
        size: blob.size,
        contentType: file.contentType,
        verdict: result.verdict === 'unreadable' ? 'unreadable' : 'clean',
        blob,
      });
    }
    return { fields, kept, dropped };
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
}

/**
 * R-CH-5 / R-PCI-3: a message with files (and optional text) from an agent in the interaction or
 * its customer. The files are received, checked and scanned (receiveFiles): a file with card
 * data is dropped and both sides are told. Then one transaction appends the events and
 * attachment rows.
 */
export async function sendAttachments(
  deps: Deps,
  actor: Actor,
  interactionId: string,
  parts: AsyncIterable<UploadPart>,
): Promise<SendAttachmentsResponse> {
  const interaction = await loadForActor(deps.db, actor, interactionId);
  const policy = await loadAttachmentPolicy(deps.db, interaction.channel);
  const stored: StoredBlob[] = [];
  try {
    let text = '';
    const { fields, kept, dropped } = await receiveFiles(
      deps,
      {
        channel: interaction.channel,
        policy,
        interactionId,
        actor: { kind: actor.kind, userId: actor.kind === 'agent' ? actor.userId : null },
        checkFields(fields, files) {
          const clientMessageId = fields.get('clientMessageId') ?? '';
          if (!/^[A-Za-z0-9_-]{8,64}$/.test(clientMessageId)) {
            throw new AppError(
              'VALIDATION_FAILED',
              'clientMessageId: 8–64 letters, digits, - or _',
            );
          }
          const rawText = fields.get('text') ?? '';
          text = rawText.trim() === '' ? '' : validateChatText(rawText);
          if (files === 0 && text === '') throw new AppError('MESSAGE_EMPTY', 'Nothing to send');
        },
      },
      parts,
      stored,
    );
    const clientMessageId = fields.get('clientMessageId')!;

    const result = await auditingBlockedText(deps, () =>
      inTransaction(deps, async (tx, outbox) => {
        assertOwnChat(actor, interactionId);
        const loaded = await findInteractionForMessage(tx, interactionId, clientMessageId);
        if (!loaded) throw new AppError('NOT_FOUND', 'No such conversation');
        const { interaction: locked, participants } = loaded;
        assertParticipant(actor, participants);
        if (loaded.existingSeq !== null) {
          return { seq: loaded.existingSeq, attachments: [], dropped, duplicate: true };
        }
        if (actor.kind === 'agent') {
          assertAgentCanWrite(
            locked,
            participants.find((p) => p.userId === actor.userId && !p.leftAt),
          );
        } else {
          assertOpen(locked);
        }
        const sender = actor.kind;
        const at = deps.clock();
        for (const file of dropped) {
          await appendAndFanOut(
            tx,
            outbox,
            interactionId,
            { type: 'attachment.dropped', sender, name: file.name, reason: file.reason },
            at,
            participants,
          );
        }
        if (kept.length === 0 && text === '') {
          return { seq: null, attachments: [], dropped, duplicate: false };
        }
        const guarded = text
          ? await guardText(deps, tx, text, {
              channel: locked.channel,
              field: 'chat.message',
              actor: { kind: sender, id: actor.kind === 'agent' ? actor.userId : null },
              interactionId,
            })
          : { text: '', redactedTypes: [] };
        const attachments: AttachmentRef[] = kept.map((file) => ({
          id: randomUUID(),
          name: file.name,
          size: file.size,
          contentType: file.contentType,
        }));
        const event = await appendAndFanOut(
          tx,
          outbox,
          interactionId,
          {
            type: 'message',
            author: authorOf(actor, locked),
            text: guarded.text,
            ...(guarded.redactedTypes.length > 0 && { redactedTypes: guarded.redactedTypes }),
            ...(attachments.length > 0 && { attachments }),
            clientMessageId,
          },
          at,
          participants,
        );
        for (const [index, file] of kept.entries()) {
          const { blob } = file;
          await insertAttachment(tx, {
            id: attachments[index]!.id,
            interactionId,
            eventSeq: event.seq,
            sender,
            senderUserId: actor.kind === 'agent' ? actor.userId : null,
            originalName: file.name,
            contentType: file.contentType,
            size: blob.size,
            sha256: blob.sha256,
            blobKey: blob.key,
            verdict: file.verdict,
          });
        }
        return { seq: event.seq, attachments, dropped, duplicate: false };
      }),
    );
    if (result.duplicate) await deleteBlobs(deps, stored.splice(0));
    return { seq: result.seq, attachments: result.attachments, dropped: result.dropped };
  } catch (error) {
    await deleteBlobs(deps, stored);
    throw error;
  }
}

/** The PCI scan of a spooled file, which reads it through a file handle. */
async function scanFile(file: SpooledFile): Promise<AttachmentVerdict> {
  const handle = await open(file.path);
  try {
    const source: AttachmentSource = {
      size: file.size,
      async read(position, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, file.size - position)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        return buffer.subarray(0, bytesRead);
      },
    };
    return await scanAttachment(source, file.name);
  } finally {
    await handle.close();
  }
}

/** Deletes blobs no row names any more (after the commit that let them go); failures logged. */
export async function deleteBlobs(
  deps: Pick<Deps, 'blobs' | 'log'>,
  blobs: readonly Pick<StoredBlob, 'key'>[],
): Promise<void> {
  for (const blob of blobs) {
    await deps.blobs.delete(blob.key).catch((error: unknown) => {
      deps.log.error({ err: error, blobKey: blob.key }, 'could not delete an unused blob');
    });
  }
}

/** The type the content shows (its magic bytes); refuses content that is not what the name says. */
async function sniff(file: SpooledFile): Promise<string> {
  const extension = extensionOf(file.name);
  const detected = await fileTypeFromFile(file.path);
  let fits = contentFitsExtension(extension, detected?.ext);
  if (fits && detected === undefined && isTextExtension(extension)) {
    const handle = await open(file.path);
    try {
      const head = Buffer.alloc(Math.min(textSniffBytes, file.size));
      await handle.read(head, 0, head.length, 0);
      fits = looksLikeText(head);
    } finally {
      await handle.close();
    }
  }
  if (!fits) {
    throw new AppError(
      'ATTACHMENT_CONTENT_MISMATCH',
      `${file.name} is not what its name says it is (${detected?.ext ?? 'unknown content'})`,
    );
  }
  return detected?.mime ?? textTypes[extension] ?? 'application/octet-stream';
}

const textTypes: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  shtml: 'text/html',
  xhtml: 'application/xhtml+xml',
  xml: 'application/xml',
  eml: 'message/rfc822',
  mht: 'message/rfc822',
  mhtml: 'message/rfc822',
};

export function attachmentError(code: Parameters<typeof checkAttachmentsMessage>[0]): AppError {
  return new AppError(code, checkAttachmentsMessage(code));
}

function checkAttachmentsMessage(
  code:
    | 'ATTACHMENTS_DISABLED'
    | 'ATTACHMENT_TOO_MANY'
    | 'ATTACHMENT_TOO_LARGE'
    | 'ATTACHMENT_TYPE_NOT_ALLOWED'
    | 'ATTACHMENT_NAME_INVALID'
    | 'ATTACHMENT_EMPTY',
): string {
  switch (code) {
    case 'ATTACHMENTS_DISABLED':
      return 'Files cannot be sent in this conversation';
    case 'ATTACHMENT_TOO_MANY':
      return 'Too many files for one message';
    case 'ATTACHMENT_TOO_LARGE':
      return 'The files are too large together';
    case 'ATTACHMENT_TYPE_NOT_ALLOWED':
      return 'This type of file cannot be sent here';
    case 'ATTACHMENT_NAME_INVALID':
      return 'This file name cannot be used';
    case 'ATTACHMENT_EMPTY':
      return 'This file is empty';
  }
}

/** A stored file on its way to a download. */
export interface StoredFile {
  name: string;
  contentType: string;
  size: number;
  stream: Readable;
}

/**
 * A download: the actor must be able to read the interaction (participant agent, a supervisor
 * who may oversee it, an admin, the customer's own token). The bytes stream from the blob store.
 */
export async function openAttachment(
  deps: Deps,
  actor: Actor,
  interactionId: string,
  attachmentId: string,
): Promise<StoredFile> {
  await loadForActor(deps.db, actor, interactionId, { oversee: true });
  return openStoredAttachment(deps, interactionId, attachmentId);
}

/** A file of the interaction, streamed from the blob store; the caller checked the right to it. */
export async function openStoredAttachment(
  deps: Pick<Deps, 'db' | 'blobs'>,
  interactionId: string,
  attachmentId: string,
): Promise<StoredFile> {
  const attachment = await findAttachment(deps.db, interactionId, attachmentId);
  if (!attachment) throw new AppError('NOT_FOUND', 'No such file');
  const stream = await deps.blobs.open(attachment.blobKey);
  return {
    name: attachment.originalName,
    contentType: attachment.contentType,
    size: attachment.size,
    stream,
  };
}
