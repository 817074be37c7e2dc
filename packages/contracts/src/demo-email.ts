import { z } from 'zod';
import { limits } from './limits.ts';
import { isoDateSchema } from './model.ts';
import { typedText } from './typed-text.ts';

/**
 * The email demo page (issue 11, "demo without a relay"): a visitor writes to the support
 * address as a customer and reads the answers that landed in the demo mailbox.
 */

const addressSchema = z
  .email({ error: 'must be an email address' })
  .toLowerCase()
  .max(limits.emailMaxLength, { error: `must be at most ${limits.emailMaxLength} characters` });

/** The addresses the demo page may write to (the organisation's configured ones). */
export const demoEmailInfoSchema = z.object({ addresses: z.array(z.string()) });
export type DemoEmailInfo = z.infer<typeof demoEmailInfoSchema>;

export const demoEmailSendBodySchema = z.object({
  to: addressSchema,
  name: typedText().trim().min(1).max(limits.customerNameMaxLength),
  email: addressSchema,
  subject: typedText().trim().min(1).max(limits.demoEmailSubjectMaxLength),
  text: typedText().trim().min(1).max(limits.demoEmailTextMaxLength),
});
export type DemoEmailSendBody = z.infer<typeof demoEmailSendBodySchema>;

export const demoEmailSendResponseSchema = z.object({
  /** The Message-ID the mail went out with (without angle brackets). */
  messageId: z.string(),
});
export type DemoEmailSendResponse = z.infer<typeof demoEmailSendResponseSchema>;

/** Which answers to list: those to `email` that answer one of the mails the page sent. */
export const demoEmailAnswersBodySchema = z.object({
  email: addressSchema,
  messageIds: z.array(z.string().min(1).max(limits.emailMaxLength)).min(1).max(50),
});
export type DemoEmailAnswersBody = z.infer<typeof demoEmailAnswersBodySchema>;

export const demoEmailAnswerSchema = z.object({
  messageId: z.string(),
  /** The customer's mail this one answers (one of the ids asked about). */
  answers: z.string(),
  inReplyTo: z.array(z.string()),
  references: z.array(z.string()),
  fromName: z.string(),
  subject: z.string(),
  text: z.string(),
  date: isoDateSchema,
  /** The files the answer carries (name and size in bytes). */
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative() })),
});
export type DemoEmailAnswer = z.infer<typeof demoEmailAnswerSchema>;

export const demoEmailAnswersSchema = z.object({ answers: z.array(demoEmailAnswerSchema) });
export type DemoEmailAnswers = z.infer<typeof demoEmailAnswersSchema>;
