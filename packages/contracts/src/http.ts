import { z } from 'zod';
import { limits } from './limits.ts';
import { typedText } from './typed-text.ts';
import { prechatFieldSchema } from './entry-points.ts';
import {
  customerSchema,
  idSchema,
  presenceSchema,
  queueRefSchema,
  reasonSchema,
  userSchema,
} from './model.ts';

/** REST bodies under /api/v1. Each route validates with the schema of the same name. */

export const loginBodySchema = z.object({
  email: z.email().max(limits.emailMaxLength),
  password: z.string().min(1).max(limits.passwordMaxLength),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

/** PUT /api/v1/session/password: the current password proves it is the owner. */
export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(limits.passwordMaxLength),
  /** Its length is checked by the domain (PASSWORD_TOO_SHORT / PASSWORD_TOO_LONG). */
  newPassword: z.string().max(limits.passwordMaxLength * 4),
});
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

/** What GET /api/v1/session and POST /api/v1/session return. */
export const sessionResponseSchema = z.object({
  user: userSchema,
  presence: presenceSchema,
  /** Send back as the `x-csrf-token` header on every mutation. */
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const referenceDataSchema = z.object({
  wrapUpReasons: z.array(reasonSchema),
  idleReasons: z.array(reasonSchema),
  queues: z.array(queueRefSchema),
});
export type ReferenceData = z.infer<typeof referenceDataSchema>;

/**
 * The widget's pre-chat form (POST /api/v1/chats). Which fields the entry point requires is
 * checked by the server (PRECHAT_FIELD_REQUIRED); a field left empty is left out.
 */
export const startChatBodySchema = z.object({
  entryPointId: idSchema.optional(),
  name: typedText().trim().min(1).max(limits.customerNameMaxLength).optional(),
  email: z.email().max(limits.emailMaxLength).optional(),
});
export type StartChatBody = z.infer<typeof startChatBodySchema>;

/**
 * `Idempotency-Key` of POST /api/v1/chats: a random id the widget keeps with its pending start
 * and sends again on a retry. At least 22 base64url characters (128 bits or more), because it
 * also reopens the chat it started.
 */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,128}$/, 'must be 22 to 128 base64url characters (128+ random bits)');

export const startChatResponseSchema = z.object({
  interactionId: idSchema,
  /** Bearer for the customer socket namespace; the only way to read this chat. */
  customerToken: z.string(),
  customer: customerSchema,
});
export type StartChatResponse = z.infer<typeof startChatResponseSchema>;

export const entryPointPublicSchema = z.object({
  id: idSchema,
  name: z.string(),
  greeting: z.string(),
  /** Which pre-chat fields the form asks for as required. */
  nameField: prechatFieldSchema,
  emailField: prechatFieldSchema,
});
export type EntryPointPublic = z.infer<typeof entryPointPublicSchema>;

export const errorBodySchema = z.object({ code: z.string(), message: z.string() });
