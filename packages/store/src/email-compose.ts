import type { EmailDraft, EmailTemplate, EmailTemplateBody, ReplyMode } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** Email templates and reply drafts (0019-email-compose). */

const templateColumns = ['id', 'name', 'bodyHtml', 'category', 'createdAt', 'updatedAt'] as const;

interface TemplateRow {
  id: string;
  name: string;
  bodyHtml: string;
  category: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const presentTemplate = (row: TemplateRow): EmailTemplate => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Every template, grouped by category (uncategorised last), then by name. */
export async function listEmailTemplates(db: Executor): Promise<EmailTemplate[]> {
  const rows = await db
    .selectFrom('emailTemplates')
    .select(templateColumns)
    .orderBy(sql`category is null`)
    .orderBy(sql`lower(category)`)
    .orderBy(sql`lower(name)`)
    .execute();
  return rows.map(presentTemplate);
}

export async function findEmailTemplate(db: Executor, id: string) {
  const row = await db
    .selectFrom('emailTemplates')
    .select(templateColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && presentTemplate(row);
}

/** How many templates exist, with others' inserts held off until this transaction ends. */
export async function countEmailTemplatesForInsert(db: Executor): Promise<number> {
  await sql`lock table email_templates in share row exclusive mode`.execute(db);
  const row = await db
    .selectFrom('emailTemplates')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Whether another template already has this name, ignoring case and surrounding space. */
export async function emailTemplateNameTaken(
  db: Executor,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('emailTemplates')
    .select('id')
    .where(sql<boolean>`lower(name) = lower(trim(${name}))`);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

export async function insertEmailTemplate(
  db: Executor,
  body: EmailTemplateBody,
  now: Date,
): Promise<EmailTemplate> {
  const row = await db
    .insertInto('emailTemplates')
    .values({ ...body, createdAt: now, updatedAt: now })
    .returning(templateColumns)
    .executeTakeFirstOrThrow();
  return presentTemplate(row);
}

/** The updated template, or undefined when it no longer exists. */
export async function updateEmailTemplate(
  db: Executor,
  id: string,
  body: EmailTemplateBody,
  now: Date,
): Promise<EmailTemplate | undefined> {
  const row = await db
    .updateTable('emailTemplates')
    .set({ ...body, updatedAt: now })
    .where('id', '=', id)
    .returning(templateColumns)
    .executeTakeFirst();
  return row && presentTemplate(row);
}

/** Whether a template was deleted; drafts and sent replies that named it keep their text. */
export async function deleteEmailTemplate(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('emailTemplates').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

const draftColumns = ['mode', 'body', 'cc', 'templateId', 'version', 'updatedAt'] as const;

const presentDraft = (row: {
  mode: ReplyMode;
  body: string;
  cc: string[];
  templateId: string | null;
  version: number;
  updatedAt: Date;
}): EmailDraft => ({ ...row, updatedAt: row.updatedAt.toISOString() });

/** An agent's drafts in a contact, one per mode. */
export async function listEmailDrafts(
  db: Executor,
  interactionId: string,
  userId: string,
): Promise<EmailDraft[]> {
  const rows = await db
    .selectFrom('emailDrafts')
    .select(draftColumns)
    .where('interactionId', '=', interactionId)
    .where('userId', '=', userId)
    .orderBy('mode')
    .execute();
  return rows.map(presentDraft);
}

export async function findEmailDraft(
  db: Executor,
  key: { interactionId: string; userId: string; mode: ReplyMode },
): Promise<EmailDraft | undefined> {
  const row = await db
    .selectFrom('emailDrafts')
    .select(draftColumns)
    .where('interactionId', '=', key.interactionId)
    .where('userId', '=', key.userId)
    .where('mode', '=', key.mode)
    .executeTakeFirst();
  return row && presentDraft(row);
}

export interface DraftContent {
  body: string;
  cc: readonly string[];
  templateId: string | null;
}

/**
 * Saves a draft by compare-and-set: with `expectedVersion` null it is created at version 1 only
 * if none exists; otherwise it is replaced only while it is still at `expectedVersion`. Undefined
 * when the stored draft moved on (or is gone): the caller answers with what is stored now.
 */
export async function saveEmailDraft(
  db: Executor,
  key: { interactionId: string; userId: string; mode: ReplyMode },
  expectedVersion: number | null,
  content: DraftContent,
  now: Date,
): Promise<EmailDraft | undefined> {
  const values = {
    body: content.body,
    cc: JSON.stringify(content.cc),
    templateId: content.templateId,
    updatedAt: now,
  };
  const row =
    expectedVersion === null
      ? await db
          .insertInto('emailDrafts')
          .values({ ...key, ...values, version: 1 })
          .onConflict((oc) => oc.columns(['interactionId', 'userId', 'mode']).doNothing())
          .returning(draftColumns)
          .executeTakeFirst()
      : await db
          .updateTable('emailDrafts')
          .set({ ...values, version: expectedVersion + 1 })
          .where('interactionId', '=', key.interactionId)
          .where('userId', '=', key.userId)
          .where('mode', '=', key.mode)
          .where('version', '=', expectedVersion)
          .returning(draftColumns)
          .executeTakeFirst();
  return row && presentDraft(row);
}

/** Deletes a draft (sent, or discarded by its agent); whether there was one. */
export async function deleteEmailDraft(
  db: Executor,
  key: { interactionId: string; userId: string; mode: ReplyMode },
): Promise<boolean> {
  const result = await db
    .deleteFrom('emailDrafts')
    .where('interactionId', '=', key.interactionId)
    .where('userId', '=', key.userId)
    .where('mode', '=', key.mode)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
