import { z } from 'zod';
import { limits } from './limits.ts';
import {
  channelSchema,
  idSchema,
  interactionEventSchema,
  interactionStatusSchema,
  isoDateSchema,
  queueRefSchema,
} from './model.ts';

/**
 * Contact history (R-CH-7, R-EM-8): GET /api/v1/interactions/:id/history lists the other
 * contacts of that interaction's customer (same email address, any channel), newest first;
 * GET …/history/:pastId/transcript reads one of them, read-only.
 */

export const contactHistoryEntrySchema = z.object({
  id: idSchema,
  channel: channelSchema,
  status: interactionStatusSchema,
  queue: queueRefSchema,
  /** Agents who took part, in the order they first joined. */
  agents: z.array(z.object({ id: idSchema, name: z.string() })),
  startedAt: isoDateSchema,
  endedAt: isoDateSchema.nullable(),
  /** Whole seconds from start to end; null while the contact is still open. */
  durationSeconds: z.number().int().min(0).nullable(),
  wrapUpReasons: z.array(z.object({ id: idSchema, label: z.string() })),
});
export type ContactHistoryEntry = z.infer<typeof contactHistoryEntrySchema>;

export const contactHistoryParamsSchema = z.object({ id: idSchema });

export const contactHistoryQuerySchema = z.object({
  /** The last contact of the previous page (its `nextBefore`); absent for the first page. */
  before: idSchema.optional(),
});

export const contactHistoryPageSchema = z.object({
  /** At most `limits.contactHistoryPageSize`, newest first. */
  contacts: z.array(contactHistoryEntrySchema),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: idSchema.nullable(),
});
export type ContactHistoryPage = z.infer<typeof contactHistoryPageSchema>;

export const pastTranscriptParamsSchema = z.object({ id: idSchema, pastId: idSchema });

export const pastAttachmentParamsSchema = pastTranscriptParamsSchema.extend({
  attachmentId: idSchema,
});

export const pastTranscriptQuerySchema = z.object({
  /** Events after this seq, as `interaction:sync` pages them; 0 for the start. */
  afterSeq: z.coerce.number().int().min(0).max(limits.seqMax).default(0),
});

export const pastTranscriptSchema = z.object({
  events: z.array(interactionEventSchema),
  more: z.boolean(),
});
export type PastTranscript = z.infer<typeof pastTranscriptSchema>;
