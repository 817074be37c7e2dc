import type {
  EmailReplyBody,
  EmailReplyResponse,
  EmailSummary,
  InteractionEvent,
} from '@sangdam/contracts';
import { countCharacters, limits } from '@sangdam/contracts';
import { AppError, assertTemplateAllowed, checkCc } from '@sangdam/core';
import {
  inlineDataImages,
  maskMessageId,
  redactHtml,
  replyAddress,
  replyReferences,
  sanitizeMailHtml,
  textOfHtml,
  type MailTransport,
  type OutgoingAttachment,
  type OutgoingMail,
  type SendOutcome,
} from '@sangdam/mail';
import {
  claimDueMail,
  deleteEmailDraft,
  enqueueMail,
  findEmailByClientMessageId,
  findEmailTemplate,
  findEventByClientMessageId,
  findInteraction,
  findInteractionForMessage,
  finishOutboundMail,
  insertAttachment,
  insertEmailMessage,
  listParticipants,
  recordSendAttempt,
  requeueFailedMail,
  rescheduleMail,
  type ClaimedMail,
  type Tx,
} from '@sangdam/store';
import { randomUUID } from 'node:crypto';
import type { AgentActor } from '../interactions/lifecycle.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { GroupCommit } from '../group-commit.ts';
import type { Outbox } from '../outbox.ts';
import { appendAndFanOut } from '../fan-out.ts';
import { tellOutcome } from './ingest.ts';
import { auditingBlockedText, guardText } from '../pci-guard.ts';
import { presentEvent } from '../interactions/presenters.ts';
import { assertHoldsEmail, replyHeadersFor } from './compose.ts';
import { takeFilesForReply } from './reply-files.ts';

/** A file of a queued mail as the outbox keeps it: where its bytes are, not the bytes. */
interface QueuedAttachment {
  fileName: string;
  contentType: string;
  blobKey: string;
}

/** A mail as the outbox keeps it (JSON); the sender opens the files' blobs for each attempt. */
type QueuedMail = Omit<OutgoingMail, 'attachments'> & { attachments: QueuedAttachment[] };

/** A reply's body: the text (and, for a standard reply, the HTML) as it will be sent. */
interface ReplyContent {
  text: string;
  html: string | undefined;
}

/**
 * R-EM-2 / R-EM-3: a quick reply is plain `text`; Reply and Reply all send `html`, sanitised as
 * received mail is, with a text/plain alternative made from it.
 */
function replyContent(body: EmailReplyBody): ReplyContent {
  if (body.mode === 'quick') {
    if (body.html !== undefined) {
      throw new AppError('VALIDATION_FAILED', 'html: a quick reply is plain text; send `text`');
    }
    const text = (body.text ?? '').trim();
    if (text === '') throw new AppError('MESSAGE_EMPTY', 'Write the reply first');
    if (countCharacters(text) > limits.emailReplyMaxLength) {
      throw new AppError(
        'MESSAGE_TOO_LONG',
        `A reply can have at most ${limits.emailReplyMaxLength} characters`,
      );
    }
    return { text, html: undefined };
  }
  if (body.text !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'text: Reply and Reply all send `html`');
  }
  const raw = body.html ?? '';
  if (countCharacters(raw) > limits.emailReplyHtmlMaxLength) {
    throw new AppError(
      'MESSAGE_TOO_LONG',
      `A reply can have at most ${limits.emailReplyHtmlMaxLength} characters of HTML`,
    );
  }
  const html = sanitizeMailHtml(raw).trim();
  const text = textOfHtml(html);
  if (text === '' && !/<img\b/i.test(html)) {
    throw new AppError('MESSAGE_EMPTY', 'Write the reply first');
  }
  if (countCharacters(text) > limits.emailReplyMaxLength) {
    throw new AppError(
      'MESSAGE_TOO_LONG',
      `A reply can have at most ${limits.emailReplyMaxLength} characters`,
    );
  }
  return { text, html };
}

/**
 * The HTML of a reply whose text had card or personal data, masked node by node — kept only
 * when it then reads exactly as the masked text: a number split across elements
 * (`4111 <b>1111</b> …`) is masked in part node by node and would show most of its digits,
 * so such a reply goes as text only.
 */
function maskedHtml(html: string, maskedText: string): string | undefined {
  const masked = redactHtml(html).html;
  return masked !== undefined && textOfHtml(masked) === maskedText ? masked : undefined;
}

/** The event's copy of the text, cut as received mail's is. */
function eventText(text: string): { text: string; textTruncated: boolean } {
  const max = limits.emailEventTextMaxLength;
  const textTruncated = countCharacters(text) > max;
  return { text: textTruncated ? [...text].slice(0, max).join('') : text, textTruncated };
}

/**
 * An agent's email reply (R-EM-1…3), quick or standard: only the agent holding the contact now
 * writes one; To and Subject are computed here (a body naming them is refused), CC is checked,
 * a template is refused on a quick reply; the text (and HTML) is PCI-checked (the email
 * channel's policy) before anything is stored; the reply is stored, put in the mail outbox and
 * the agent's draft of that mode discarded in one transaction, with its Message-ID fixed,
 * In-Reply-To the customer's newest mail, folded References and the contact's reply token
 * (Reply-To address and subject). A repeated `clientMessageId` answers the reply already stored.
 */
export async function sendEmailReply(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
  body: EmailReplyBody,
  retryMinutes: number,
): Promise<EmailReplyResponse> {
  if (body.to !== undefined || body.subject !== undefined) {
    throw new AppError(
      'EMAIL_HEADERS_FIXED',
      'To and Subject of a reply are set by Sangdam and cannot be changed; nothing was sent',
    );
  }
  assertTemplateAllowed(body.mode, body.templateId);
  const content = replyContent(body);
  const result = await auditingBlockedText(deps, () =>
    inTransaction(deps, async (tx, outbox): Promise<EmailReplyResponse> => {
      const loaded = await findInteractionForMessage(tx, interactionId, body.clientMessageId);
      if (!loaded) throw new AppError('NOT_FOUND', 'No such conversation');
      const { interaction, participants } = loaded;
      if (!participants.some((p) => p.userId === agent.userId)) {
        throw new AppError('NOT_A_PARTICIPANT', 'You are not in this conversation');
      }
      if (loaded.existingSeq !== null) {
        const stored = await findEmailByClientMessageId(tx, interaction.id, body.clientMessageId);
        const event = await findEventByClientMessageId(tx, interaction.id, body.clientMessageId);
        if (stored && event) return { emailId: stored.id, event: presentEvent(event) };
      }
      assertHoldsEmail(agent, interaction, participants);
      const files = await takeFilesForReply(tx, agent, interaction.id, body.attachmentIds ?? []);
      const where = {
        channel: 'email' as const,
        field: 'email.reply',
        actor: { kind: 'agent' as const, id: agent.userId },
        interactionId: interaction.id,
      };
      const guarded = await guardText(deps, tx, content.text, where);
      const html =
        content.html !== undefined && guarded.redactedTypes.length > 0
          ? maskedHtml(content.html, guarded.text)
          : content.html;
      const headers = await replyHeadersFor(tx, interaction, body.mode);
      const cc = checkCc(body.cc, headers.to, headers.isOurs);
      const { contact, parent } = headers;
      const templateId =
        body.templateId && (await findEmailTemplate(tx, body.templateId)) ? body.templateId : null;
      const now = deps.clock();
      const domain = contact.address.slice(contact.address.lastIndexOf('@') + 1);
      const from = { address: contact.address, name: contact.displayName };
      const mail: QueuedMail = {
        messageId: `${randomUUID()}@${domain}`,
        from,
        to: headers.to,
        cc: cc.map((address) => ({ address, name: '' })),
        bcc: [],
        replyTo: { address: replyAddress(contact.address, contact.replyToken), name: from.name },
        subject: headers.subject,
        text: guarded.text,
        html,
        inReplyTo: parent?.messageId,
        references: parent
          ? replyReferences({
              messageId: parent.messageId,
              references: parent.referenceIds,
              inReplyTo: parent.inReplyTo,
            })
          : [],
        attachments: files.map((file) => ({
          fileName: file.originalName,
          contentType: file.contentType,
          blobKey: file.blobKey,
        })),
      };
      const stored = (await insertEmailMessage(tx, {
        interactionId: interaction.id,
        direction: 'out',
        kind: 'personal',
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo ? [mail.inReplyTo] : [],
        references: mail.references,
        from,
        to: mail.to,
        cc: mail.cc,
        subject: mail.subject,
        text: mail.text,
        html: html ?? null,
        size:
          Buffer.byteLength(mail.text) +
          Buffer.byteLength(html ?? '') +
          files.reduce((sum, file) => sum + file.size, 0),
        receivedAt: null,
        status: 'queued',
        authorId: agent.userId,
        clientMessageId: body.clientMessageId,
        reportsOnId: null,
        templateId,
        createdAt: now,
      }))!;
      await enqueueMail(tx, {
        emailMessageId: stored.id,
        mail,
        now,
        giveUpAt: new Date(now.getTime() + retryMinutes * 60_000),
      });
      for (const file of files) {
        await insertAttachment(tx, {
          interactionId: interaction.id,
          eventSeq: null,
          sender: 'agent',
          senderUserId: agent.userId,
          originalName: file.originalName,
          contentType: file.contentType,
          size: file.size,
          sha256: file.sha256,
          blobKey: file.blobKey,
          verdict: file.verdict,
          emailMessageId: stored.id,
        });
      }
      await deleteEmailDraft(tx, {
        interactionId: interaction.id,
        userId: agent.userId,
        mode: body.mode,
      });
      const summary: EmailSummary = {
        id: stored.id,
        from,
        to: mail.to,
        cc: mail.cc,
        subject: mail.subject,
        ...eventText(mail.text),
      };
      const event = await appendAndFanOut(
        tx,
        outbox,
        interaction.id,
        {
          type: 'email.queued',
          clientMessageId: body.clientMessageId,
          author: { kind: 'agent', id: agent.userId, name: agent.displayName },
          email: summary,
          ...(guarded.redactedTypes.length > 0 && { redactedTypes: guarded.redactedTypes }),
        },
        now,
        participants,
      );
      return { emailId: stored.id, event };
    }),
  );
  deps.requestMailSend?.();
  return result;
}

/**
 * "Retry" of a failed reply: the same stored mail (its Message-ID, headers and body unchanged)
 * made due again in the mail outbox, with fresh attempts for MAIL_RETRY_MINUTES. Only the agent
 * holding the contact may: in it now, or — once it ended — the agent who was in it then and has
 * not wrapped up yet (the wrap-up stays open meanwhile). A reply that is not failed, or that
 * bounced after it was sent (no kept outbox row), is refused, nothing changed.
 */
export async function retryEmailReply(
  deps: Deps,
  agent: AgentActor,
  input: { interactionId: string; emailId: string },
  retryMinutes: number,
): Promise<InteractionEvent> {
  const event = await inTransaction(deps, async (tx, outbox) => {
    const interaction = await findInteraction(tx, input.interactionId, { lock: true });
    if (!interaction) throw new AppError('NOT_FOUND', 'No such conversation');
    const participants = await listParticipants(tx, interaction.id);
    const mine = participants.filter((p) => p.userId === agent.userId);
    if (mine.length === 0) {
      throw new AppError('NOT_A_PARTICIPANT', 'You are not in this conversation');
    }
    const endedAt = interaction.endedAt?.getTime();
    const holds = mine.some((p) =>
      endedAt === undefined
        ? p.leftAt === null
        : p.releasedAt === null && p.leftAt !== null && p.leftAt.getTime() >= endedAt,
    );
    if (!holds) {
      throw new AppError(
        'NOT_A_PARTICIPANT',
        'This email is no longer yours: only the agent holding it can send a reply again',
      );
    }
    const mail = await tx
      .selectFrom('emailMessages')
      .select(['id', 'status'])
      .where('id', '=', input.emailId)
      .where('interactionId', '=', interaction.id)
      .where('direction', '=', 'out')
      .executeTakeFirst();
    if (!mail) throw new AppError('NOT_FOUND', 'No such reply in this contact');
    if (mail.status !== 'failed') {
      throw new AppError('EMAIL_NOT_FAILED', 'This reply has not failed; nothing to send again');
    }
    const now = deps.clock();
    const giveUpAt = new Date(now.getTime() + retryMinutes * 60_000);
    if (!(await requeueFailedMail(tx, mail.id, now, giveUpAt))) {
      throw new AppError(
        'EMAIL_NOT_RETRYABLE',
        'This reply came back from the customer’s mail server after it was sent; write a new reply',
      );
    }
    return tellOutcome(
      tx,
      outbox,
      interaction.id,
      agent.userId,
      {
        type: 'email.retried',
        emailId: mail.id,
        author: { kind: 'agent', id: agent.userId, name: agent.displayName },
      },
      now,
    );
  });
  deps.requestMailSend?.();
  return event;
}

/** Mails one worker claims per pass, and how many it sends at once. */
const claimBatch = 20;
/** A claimed mail is not taken by another worker for this long (longer than one send may take). */
const leaseMs = 5 * 60_000;

/** Backoff before retry `attempt` (1-based): 30 s, 1, 2, 4, 8, 16 min, then every 30 min. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);
}

/**
 * The mail outbox's sender, on every node with the `workers` role: claims due replies
 * (`SKIP LOCKED`, leased), sends each through the transport, and records every attempt — sent,
 * retried later with backoff (4xx, network) until MAIL_RETRY_MINUTES ran out, or failed (5xx).
 * The agents in the contact, and the reply's author, are told sent or failed.
 */
export class MailSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;

  /**
   * The attempts of a pass end at nearly the same moment: they are recorded by group commit (one
   * transaction, one flush to disk, for those that end together). One batch at a time, so two
   * batches never take the same contacts' locks in opposite orders.
   */
  private readonly attempts: GroupCommit<AttemptMade, void>;

  constructor(
    private readonly deps: Deps,
    private readonly transport: MailTransport,
    private readonly everyMs = 1000,
  ) {
    this.attempts = new GroupCommit(deps, (tx, outbox, made) => this.record(tx, outbox, made), {
      maxBatch: 64,
      maxInFlight: 1,
      keyOf: (made) => made.claimed.emailMessageId,
    });
  }

  start(): void {
    this.timer = setInterval(() => this.request(), this.everyMs);
    this.timer.unref();
  }

  /** Runs a pass soon (coalesced): a reply just committed goes out without waiting for the tick. */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'mail sender failed'))
      .finally(() => {
        this.running = null;
        if (this.again && this.timer) {
          this.again = false;
          this.request();
        }
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.transport.close();
  }

  /**
   * Passes until nothing is due; how many attempts it made. Two passes overlap: the next batch is
   * claimed and sent while the last one's sends finish, so the relay connections never idle
   * between passes (each mail is leased by its claim, so no mail is in two passes).
   */
  async drain(): Promise<number> {
    let attempts = 0;
    let failure: { error: unknown } | undefined;
    // Settled either way, so no pass rejects unheard while the next is claimed.
    const settled = (work: Promise<unknown>) =>
      work.then(
        () => undefined,
        (error: unknown) => void (failure ??= { error }),
      );
    let previous: Promise<void> = Promise.resolve();
    for (;;) {
      const now = this.deps.clock();
      const claimed = await this.deps.db
        .transaction()
        .execute((tx) => claimDueMail(tx, now, new Date(now.getTime() + leaseMs), claimBatch));
      attempts += claimed.length;
      const sending = settled(Promise.all(claimed.map((mail) => this.attempt(mail))));
      await previous;
      if (claimed.length < claimBatch || failure) {
        await sending;
        if (failure) throw failure.error;
        return attempts;
      }
      previous = sending;
    }
  }

  /**
   * One attempt: the files stream from the blob store into the message as it is written. The
   * outbox keeps a standard reply's pictures as the thread shows them (data: URLs); the mail
   * carries them as inline cid: parts, named from their bytes, so every attempt is the same mail.
   */
  private async send(queued: QueuedMail) {
    const domain = queued.messageId.slice(queued.messageId.lastIndexOf('@') + 1);
    const inline = queued.html !== undefined ? inlineDataImages(queued.html, domain) : undefined;
    const attachments: OutgoingAttachment[] = [...(inline?.attachments ?? [])];
    try {
      for (const file of queued.attachments) {
        attachments.push({
          fileName: file.fileName,
          contentType: file.contentType,
          contentId: undefined,
          disposition: 'attachment',
          content: await this.deps.blobs.open(file.blobKey),
        });
      }
      return await this.transport.send({ ...queued, html: inline?.html, attachments });
    } finally {
      for (const { content } of attachments) {
        if (!(content instanceof Uint8Array)) content.destroy();
      }
    }
  }

  private async attempt(claimed: ClaimedMail): Promise<void> {
    const outcome = await this.send(claimed.mail as unknown as QueuedMail).catch(
      (error: unknown) => ({
        status: 'retry' as const,
        response: error instanceof Error ? error.message : String(error),
      }),
    );
    await this.attempts.submit({ claimed, outcome });
  }

  /** An attempt's outcome: the attempt row, then a retry, or the mail sent or failed and told. */
  private async record(tx: Tx, outbox: Outbox, { claimed, outcome }: AttemptMade): Promise<void> {
    const now = this.deps.clock();
    const row = await tx
      .selectFrom('emailMessages')
      .select(['interactionId', 'authorId'])
      .where('id', '=', claimed.emailMessageId)
      .executeTakeFirst();
    // The interaction first (the lock order), then its mail rows.
    if (row?.interactionId) await findInteraction(tx, row.interactionId, { lock: true });
    await recordSendAttempt(tx, {
      emailMessageId: claimed.emailMessageId,
      at: now,
      outcome: outcome.status,
      response: outcome.response.slice(0, 2000),
    });
    if (outcome.status === 'retry' && now < claimed.giveUpAt) {
      const next = new Date(now.getTime() + retryDelayMs(claimed.attempts));
      await rescheduleMail(tx, claimed.emailMessageId, next);
      return;
    }
    const finished = await finishOutboundMail(
      tx,
      claimed.emailMessageId,
      outcome.status === 'sent'
        ? {
            status: 'sent',
            at: now,
            // Stored as a received mail's ids are, so a reply naming it is looked up alike.
            relayMessageId:
              outcome.relayMessageId === undefined
                ? undefined
                : maskMessageId(outcome.relayMessageId),
          }
        : { status: 'failed', failure: outcome.response.slice(0, 2000) },
    );
    if (!finished?.interactionId) return;
    await tellOutcome(
      tx,
      outbox,
      finished.interactionId,
      finished.authorId,
      outcome.status === 'sent'
        ? { type: 'email.sent', emailId: finished.id }
        : {
            type: 'email.failed',
            emailId: finished.id,
            reason: outcome.status === 'failed' ? 'refused' : 'gave-up',
            response: outcome.response.slice(0, 500),
          },
      now,
    );
  }
}

interface AttemptMade {
  claimed: ClaimedMail;
  outcome: SendOutcome;
}
