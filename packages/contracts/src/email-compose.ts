import { z } from 'zod';
import { adminLimits, limits } from './limits.ts';
import { idSchema, isoDateSchema, mailboxSchema } from './model.ts';
import { boundedText, typedText } from './typed-text.ts';

/**
 * Composing email replies (issue 12): the reply modes, what the server fixes for each (To,
 * Subject, the starting CC), email templates (R-EM-4) and drafts (R-EM-6).
 */

/**
 * R-EM-2 quick reply (plain text, no template); R-EM-3 standard reply to the sender (`reply`) or
 * to everyone on the mail (`replyAll`), in HTML.
 */
export const replyModeSchema = z.enum(['quick', 'reply', 'replyAll']);
export type ReplyMode = z.infer<typeof replyModeSchema>;

const addressCheck = z.email();

/** Whether `value` is an email address the way CC chips and the server judge it. */
export function isEmailAddress(value: string): boolean {
  return value.length <= limits.emailMaxLength && addressCheck.safeParse(value).success;
}

/** A CC entry as typed; the server checks each (EMAIL_CC_INVALID names the bad one). */
export const ccListSchema = z
  .array(typedText().trim().max(limits.emailMaxLength))
  .max(limits.emailReplyCcMax, { error: `at most ${limits.emailReplyCcMax} CC recipients` })
  .default([]);

/** What the server sends a reply of one mode with: To and Subject are not the client's. */
export const replyHeadersSchema = z.object({
  to: z.array(mailboxSchema),
  subject: z.string(),
  /** Where CC starts: the original CC minus our own addresses for `replyAll`, else empty. */
  cc: z.array(z.string()),
});
export type ReplyHeaders = z.infer<typeof replyHeadersSchema>;

/** One reply draft of the signed-in agent: `body` is plain text for `quick`, else HTML. */
export const emailDraftSchema = z.object({
  mode: replyModeSchema,
  body: z.string(),
  cc: z.array(z.string()),
  templateId: idSchema.nullable(),
  /** Compare-and-set: a save names the version it replaces. */
  version: z.number().int().min(1),
  updatedAt: isoDateSchema,
});
export type EmailDraft = z.infer<typeof emailDraftSchema>;

/** Everything the compose area needs when the contact opens. */
export const emailComposeSchema = z.object({
  headers: z.object({
    quick: replyHeadersSchema,
    reply: replyHeadersSchema,
    replyAll: replyHeadersSchema,
  }),
  drafts: z.array(emailDraftSchema),
});
export type EmailCompose = z.infer<typeof emailComposeSchema>;

export const replyModeParamsSchema = z.object({ id: idSchema, mode: replyModeSchema });

export const emailDraftPutBodySchema = z.object({
  /** The version this save replaces; null when the client knows of no draft. */
  expectedVersion: z.number().int().min(1).max(limits.seqMax).nullable(),
  body: typedText().max(limits.emailReplyHtmlMaxLength),
  cc: ccListSchema,
  templateId: idSchema.nullable().default(null),
});
export type EmailDraftPutBody = z.infer<typeof emailDraftPutBodySchema>;

export const emailDraftResponseSchema = z.object({ draft: emailDraftSchema });

/**
 * An email template as admins write it. The body is HTML with variables `{{customer.name}}` and
 * `{{agent.name}}`. No subject: a reply's subject is the server's (R-EM-3).
 */
export const emailTemplateBodySchema = z.object({
  name: boundedText(adminLimits.emailTemplateNameMaxLength),
  bodyHtml: boundedText(adminLimits.emailTemplateBodyMaxLength),
  category: boundedText(adminLimits.emailTemplateCategoryMaxLength).nullable(),
});
export type EmailTemplateBody = z.infer<typeof emailTemplateBodySchema>;

export const emailTemplateSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** Sanitised when saved, as received mail is. */
  bodyHtml: z.string(),
  category: z.string().nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type EmailTemplate = z.infer<typeof emailTemplateSchema>;
export const emailTemplateListSchema = z.object({ templates: z.array(emailTemplateSchema) });

export const templateParamsSchema = z.object({ id: idSchema, templateId: idSchema });

/** A template filled in for one contact: values HTML-escaped, unknown variables left as written. */
export const renderedTemplateSchema = z.object({ templateId: idSchema, html: z.string() });
export type RenderedTemplate = z.infer<typeof renderedTemplateSchema>;

/** The variables a template may name, as the admin screen lists them. */
export const templateVariables = ['customer.name', 'agent.name'] as const;

/**
 * An address a received mail had card data masked out of (`************1111@example.com`,
 * R-PCI-4): it is no longer anyone's address, so nothing is sent to it.
 */
export function isMaskedAddress(address: string): boolean {
  return /\*{4}/.test(address);
}
