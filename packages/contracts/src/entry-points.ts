import { z } from 'zod';
import { adminLimits, assistantLimits, countCharacters, limits } from './limits.ts';
import { idSchema, queueRefSchema } from './model.ts';
import { typedText } from './typed-text.ts';

/**
 * Chat entry points (§7): the widget's pre-chat form, greeting and virtual assistant (R-CH-1,
 * R-CH-2). Array sizes here only bound the payload; the counts people meet (answers, keywords)
 * are checked by `validateAssistant` in core with their own error codes.
 */

/** Trimmed, at most `max` characters as people count them. */
const bounded = (max: number) =>
  typedText()
    .trim()
    .refine((value) => countCharacters(value) <= max, {
      error: `must be at most ${max} characters`,
    });
const required = (max: number) => bounded(max).refine((v) => v !== '', { error: 'is required' });

/** Whether the pre-chat form asks for a field and must have it. */
export const prechatFieldSchema = z.enum(['required', 'optional']);
export type PrechatField = z.infer<typeof prechatFieldSchema>;

/** One preset answer: its button label (the question), the keywords that pick it, the answer. */
export const assistantAnswerSchema = z.object({
  label: required(assistantLimits.labelMaxLength),
  keywords: z.array(required(assistantLimits.keywordMaxLength)).max(100),
  text: required(limits.chatMessageMaxLength),
});
export type AssistantAnswer = z.infer<typeof assistantAnswerSchema>;

/** When the assistant hands the customer to the queue. */
export const handOverRuleSchema = z.object({
  /** The widget shows "Talk to an agent" and the customer may pick it at any time. */
  offerAgent: z.boolean(),
  /** Hand over after this many messages in a row that no answer matched; null: never. */
  afterMisses: z
    .number()
    .int()
    .min(1, { error: `must be from 1 to ${assistantLimits.missesMax}` })
    .max(assistantLimits.missesMax, {
      error: `must be from 1 to ${assistantLimits.missesMax}`,
    })
    .nullable(),
});
export type HandOverRule = z.infer<typeof handOverRuleSchema>;

export const entryPointBodySchema = z.object({
  name: required(adminLimits.nameMaxLength),
  queueId: idSchema,
  nameField: prechatFieldSchema,
  emailField: prechatFieldSchema,
  /** The assistant's first words; empty: none. */
  greeting: bounded(limits.chatMessageMaxLength),
  /** No answers: the assistant only greets and the customer is queued at once. */
  answers: z.array(assistantAnswerSchema).max(200),
  handOver: handOverRuleSchema,
});
export type EntryPointBody = z.infer<typeof entryPointBodySchema>;

export const adminEntryPointSchema = entryPointBodySchema.extend({
  id: idSchema,
  queue: queueRefSchema,
  /** The widget without `data-entry-point` uses this one. */
  isDefault: z.boolean(),
});
export type AdminEntryPoint = z.infer<typeof adminEntryPointSchema>;

export const adminEntryPointListSchema = z.object({ entryPoints: z.array(adminEntryPointSchema) });
