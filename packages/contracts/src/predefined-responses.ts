import { z } from 'zod';
import { adminLimits, limits } from './limits.ts';
import { idSchema, isoDateSchema } from './model.ts';
import { boundedText } from './typed-text.ts';

/** Predefined chat responses (R-CH-4): admins write them, agents insert them into replies. */

export const predefinedResponseBodySchema = z.object({
  title: boundedText(adminLimits.responseTitleMaxLength),
  /** Inserted as typed; never longer than one chat message. */
  text: boundedText(limits.chatMessageMaxLength),
  /** Groups responses in the picker; null: none. */
  category: boundedText(adminLimits.responseCategoryMaxLength).nullable(),
});
export type PredefinedResponseBody = z.infer<typeof predefinedResponseBodySchema>;

export const predefinedResponseSchema = z.object({
  id: idSchema,
  title: z.string(),
  text: z.string(),
  category: z.string().nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type PredefinedResponse = z.infer<typeof predefinedResponseSchema>;

export const predefinedResponseListSchema = z.object({
  responses: z.array(predefinedResponseSchema),
});
