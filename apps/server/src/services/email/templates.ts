import {
  adminLimits,
  type EmailTemplate,
  type EmailTemplateBody,
  type RenderedTemplate,
} from '@sangdam/contracts';
import { AppError, renderTemplate } from '@sangdam/core';
import { sanitizeMailHtml } from '@sangdam/mail';
import {
  countEmailTemplatesForInsert,
  deleteEmailTemplate,
  emailTemplateNameTaken,
  findEmailTemplate,
  insertEmailTemplate,
  listEmailTemplates,
  updateEmailTemplate,
  type Executor,
} from '@sangdam/store';
import { uniqueNameGuard } from '../admin/rules.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { loadHeldEmail } from './compose.ts';
import type { AgentActor } from '../interactions/lifecycle.ts';
import { configChanged } from '../outbox.ts';

const subject = 'An email template';

async function requireFreeName(db: Executor, name: string, exceptId: string | null) {
  if (await emailTemplateNameTaken(db, name, exceptId)) {
    throw new AppError('NAME_TAKEN', `${subject} named “${name}” already exists`);
  }
}

/** The body as stored: sanitised like received mail, so a template cannot carry a script. */
function cleaned(body: EmailTemplateBody): EmailTemplateBody {
  const bodyHtml = sanitizeMailHtml(body.bodyHtml).trim();
  if (bodyHtml === '') throw new AppError('MESSAGE_EMPTY', 'The template’s body has no content');
  return { ...body, bodyHtml };
}

/** Every email template, for the admin screen and agents' pickers alike (R-EM-4). */
export function listTemplates(deps: Deps): Promise<EmailTemplate[]> {
  return listEmailTemplates(deps.db);
}

/** Adds a template; open desktops refetch their pickers after commit. */
export async function createTemplate(deps: Deps, body: EmailTemplateBody): Promise<EmailTemplate> {
  const clean = cleaned(body);
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('email-templates'));
    const max = adminLimits.emailTemplatesMax;
    if ((await countEmailTemplatesForInsert(tx)) >= max) {
      throw new AppError(
        'TEMPLATE_LIMIT_REACHED',
        `There are already ${max} email templates, the most Sangdam keeps; delete one first`,
      );
    }
    await requireFreeName(tx, clean.name, null);
    return uniqueNameGuard(subject, () => insertEmailTemplate(tx, clean, deps.clock()));
  });
}

/** Replaces a template's name, body and category; replies already sent keep their text. */
export async function updateTemplate(
  deps: Deps,
  id: string,
  body: EmailTemplateBody,
): Promise<EmailTemplate> {
  const clean = cleaned(body);
  return inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('email-templates'));
    await requireFreeName(tx, clean.name, id);
    const updated = await uniqueNameGuard(subject, () =>
      updateEmailTemplate(tx, id, clean, deps.clock()),
    );
    if (!updated) throw new AppError('NOT_FOUND', 'This email template no longer exists');
    return updated;
  });
}

/** Deletes a template; drafts and sent replies that started from it keep their text. */
export async function deleteTemplate(deps: Deps, id: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    outbox.add(configChanged('email-templates'));
    if (!(await deleteEmailTemplate(tx, id))) {
      throw new AppError('NOT_FOUND', 'This email template no longer exists');
    }
  });
}

/**
 * R-EM-4: a template filled in for the contact the agent holds — `{{customer.name}}` the
 * customer's name, `{{agent.name}}` the agent's display name (their profile's), HTML-escaped;
 * unknown variables stay visible for the agent to fix.
 */
export async function renderTemplateFor(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
  templateId: string,
): Promise<RenderedTemplate> {
  const interaction = await loadHeldEmail(deps.db, agent, interactionId);
  const template = await findEmailTemplate(deps.db, templateId);
  if (!template) throw new AppError('NOT_FOUND', 'This email template no longer exists');
  return {
    templateId,
    html: renderTemplate(template.bodyHtml, {
      'customer.name': interaction.customerName,
      'agent.name': agent.displayName,
    }),
  };
}
