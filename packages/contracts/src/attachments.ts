import { z } from 'zod';
import { attachmentLimits } from './attachment-rules.ts';

export * from './attachment-rules.ts';

// Not model.ts's idSchema: model.ts imports this file (message events carry attachments).
const idSchema = z.uuid();

/** An extension as the admin lists it: lower case letters and digits, no dot. */
export const attachmentExtensionSchema = z
  .string()
  .regex(/^[a-z0-9]{1,10}$/, 'letters and digits, without the dot');

export const attachmentPolicySchema = z.object({
  enabled: z.boolean(),
  extensions: z
    .array(attachmentExtensionSchema)
    .min(1)
    .max(attachmentLimits.extensionsMax)
    .refine((list) => new Set(list).size === list.length, 'each extension once'),
  maxFiles: z.number().int().min(1).max(attachmentLimits.maxFilesMax),
  /** One message's files together must be smaller than this. */
  totalLimitBytes: z
    .number()
    .int()
    .min(attachmentLimits.totalLimitMinBytes)
    .max(attachmentLimits.chatTotalLimitBytes),
});

/** A kept file as transcripts show it. */
export const attachmentRefSchema = z.object({
  id: idSchema,
  name: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** A file the server did not keep, and why (R-PCI-3: card data; or unreadable, per PCI policy). */
export const droppedAttachmentSchema = z.object({
  name: z.string(),
  reason: z.enum(['card-data', 'unreadable']),
});
export type DroppedAttachment = z.infer<typeof droppedAttachmentSchema>;

export const attachmentParamsSchema = z.object({ id: idSchema, attachmentId: idSchema });

/** Answer of an upload: the message event the kept files came with, and what was dropped. */
export const sendAttachmentsResponseSchema = z.object({
  /** Null when every file was dropped and there was no text. */
  seq: z.number().int().positive().nullable(),
  attachments: z.array(attachmentRefSchema),
  dropped: z.array(droppedAttachmentSchema),
});
export type SendAttachmentsResponse = z.infer<typeof sendAttachmentsResponseSchema>;
