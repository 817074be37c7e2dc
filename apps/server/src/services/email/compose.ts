import {
  isMaskedAddress,
  type EmailCompose,
  type EmailDraft,
  type EmailDraftPutBody,
  type Mailbox,
  type ReplyHeaders,
  type ReplyMode,
} from '@sangdam/contracts';
import { AppError, assertAgentCanWrite, ownAddresses, replyRecipients } from '@sangdam/core';
import { replySubject } from '@sangdam/mail';
import {
  deleteEmailDraft,
  findEmailContact,
  findEmailDraft,
  findEmailTemplate,
  findInteraction,
  findReplyParent,
  listEmailAddresses,
  listEmailDrafts,
  listParticipants,
  saveEmailDraft,
  type Executor,
  type InteractionRow,
  type ParticipantRow,
} from '@sangdam/store';
import type { Deps } from '../deps.ts';
import type { AgentActor } from '../interactions/lifecycle.ts';

/**
 * Only the agent holding an email contact now (a participant who has not left, the contact
 * open) composes in it: reads the reply headers and drafts, saves drafts, renders templates.
 */
export function assertHoldsEmail(
  agent: AgentActor,
  interaction: InteractionRow,
  participants: readonly ParticipantRow[],
): void {
  const mine = participants.filter((p) => p.userId === agent.userId);
  if (mine.length === 0)
    throw new AppError('NOT_A_PARTICIPANT', 'You are not in this conversation');
  if (interaction.channel !== 'email') {
    throw new AppError('NOT_EMAIL_CONTACT', 'Email replies go to email contacts only');
  }
  if (interaction.status !== 'ended' && mine.every((p) => p.leftAt !== null)) {
    throw new AppError(
      'NOT_A_PARTICIPANT',
      'This email was handed over and is no longer yours; nothing was sent',
    );
  }
  assertAgentCanWrite(
    interaction,
    mine.find((p) => p.leftAt === null),
  );
}

/** The contact, checked to be held by `agent` (see assertHoldsEmail). */
export async function loadHeldEmail(
  db: Executor,
  agent: AgentActor,
  interactionId: string,
): Promise<InteractionRow> {
  const interaction = await findInteraction(db, interactionId);
  if (!interaction) throw new AppError('NOT_FOUND', 'No such conversation');
  assertHoldsEmail(agent, interaction, await listParticipants(db, interactionId));
  return interaction;
}

/** What a reply of `mode` is sent with, with the contact's From and reply token. */
export async function replyHeadersFor(
  db: Executor,
  interaction: InteractionRow,
  mode: ReplyMode,
): Promise<
  ReplyHeaders & {
    contact: { address: string; displayName: string; replyToken: string };
    parent: Awaited<ReturnType<typeof findReplyParent>>;
    isOurs: (address: string) => boolean;
  }
> {
  const contact = await findEmailContact(db, interaction.id);
  if (!contact?.address || !contact.emailReplyToken) {
    throw new AppError(
      'EMAIL_ADDRESS_MISSING',
      'This contact’s email address was removed; an admin must add it again to reply',
    );
  }
  const parent = await findReplyParent(db, interaction.id);
  const isOurs = ownAddresses((await listEmailAddresses(db)).map((a) => a.address));
  const fallback: Mailbox | null = interaction.customerEmail
    ? { address: interaction.customerEmail, name: interaction.customerName }
    : null;
  const recipients = replyRecipients(
    mode,
    {
      from: parent?.fromAddress ? { address: parent.fromAddress, name: parent.fromName } : fallback,
      replyTo: parent?.replyToAddresses ?? [],
      to: parent?.toAddresses ?? [],
      cc: parent?.ccAddresses ?? [],
    },
    isOurs,
  );
  if (recipients.to.length === 0) {
    throw new AppError('NOT_FOUND', 'This contact has no customer address to reply to');
  }
  // R-PCI-4: an address that held a card number was stored masked; it reaches nobody. Reply
  // all leaves such a CC out; the customer's own address masked means no reply at all.
  if (recipients.to.some((box) => isMaskedAddress(box.address))) {
    throw new AppError(
      'EMAIL_RECIPIENT_MASKED',
      'The customer’s email address held a card number and was masked when the mail arrived; a reply cannot be sent to it',
    );
  }
  const to = recipients.to;
  const cc = recipients.cc.filter((address) => !isMaskedAddress(address));
  return {
    to,
    cc,
    subject: replySubject(parent?.subject ?? '', contact.emailReplyToken),
    contact: {
      address: contact.address,
      displayName: contact.addressDisplayName ?? '',
      replyToken: contact.emailReplyToken,
    },
    parent,
    isOurs,
  };
}

/**
 * What the compose area needs when the contact opens: per mode the To, Subject and starting CC
 * the server will use (R-EM-3), and the agent's own drafts (R-EM-6).
 */
export async function loadEmailCompose(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
): Promise<EmailCompose> {
  const interaction = await loadHeldEmail(deps.db, agent, interactionId);
  const pick = ({ to, subject, cc }: ReplyHeaders): ReplyHeaders => ({ to, subject, cc });
  const [quick, reply, replyAll] = await Promise.all(
    (['quick', 'reply', 'replyAll'] as const).map(async (mode) =>
      pick(await replyHeadersFor(deps.db, interaction, mode)),
    ),
  );
  return {
    headers: { quick: quick!, reply: reply!, replyAll: replyAll! },
    drafts: await listEmailDrafts(deps.db, interaction.id, agent.userId),
  };
}

/**
 * R-EM-6: saves the agent's draft of one mode by compare-and-set. A save that names an old
 * version (another tab, another browser saved meanwhile, or the reply was sent) is refused with
 * DRAFT_CONFLICT carrying the draft as stored now, for the client to merge or adopt.
 */
export async function saveDraft(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
  mode: ReplyMode,
  body: EmailDraftPutBody,
): Promise<EmailDraft> {
  const interaction = await loadHeldEmail(deps.db, agent, interactionId);
  if (mode === 'quick' && body.templateId !== null) {
    throw new AppError(
      'EMAIL_TEMPLATE_NOT_ALLOWED',
      'Templates are for Reply and Reply all, not for a quick reply',
    );
  }
  const templateId =
    body.templateId !== null && (await findEmailTemplate(deps.db, body.templateId))
      ? body.templateId
      : null;
  const key = { interactionId: interaction.id, userId: agent.userId, mode };
  const saved = await saveEmailDraft(
    deps.db,
    key,
    body.expectedVersion,
    { body: body.body, cc: body.cc, templateId },
    deps.clock(),
  );
  if (saved) return saved;
  const current = (await findEmailDraft(deps.db, key)) ?? null;
  throw new AppError(
    'DRAFT_CONFLICT',
    current
      ? 'This draft was changed elsewhere (another tab or browser); here is the saved one'
      : 'This draft no longer exists (it was sent or discarded elsewhere)',
    { draft: current },
  );
}

/** Discards the agent's draft of one mode (nothing to discard is not an error). */
export async function discardDraft(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
  mode: ReplyMode,
): Promise<void> {
  const interaction = await loadHeldEmail(deps.db, agent, interactionId);
  await deleteEmailDraft(deps.db, { interactionId: interaction.id, userId: agent.userId, mode });
}
