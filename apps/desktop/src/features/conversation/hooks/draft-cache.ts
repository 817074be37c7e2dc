/** Unsent compose text per interaction, so switching between contacts keeps each draft. */
const drafts = new Map<string, string>();
/** Files waiting in each interaction's compose box (set by the compose box's attachments). */
const attachments = new Map<string, number>();

export function readDraft(interactionId: string): string {
  return drafts.get(interactionId) ?? '';
}

export function writeDraft(interactionId: string, text: string): void {
  if (text) drafts.set(interactionId, text);
  else drafts.delete(interactionId);
}

/** Email reply modes (R-EM-6) whose draft holds work: typed here or saved on the server. */
const replyDrafts = new Map<string, Set<string>>();

/** Whether this email contact's reply draft of `mode` holds work (set by the email area). */
export function setReplyDraftWork(interactionId: string, mode: string, held: boolean): void {
  const modes = replyDrafts.get(interactionId) ?? new Set<string>();
  if (held) modes.add(mode);
  else modes.delete(mode);
  if (modes.size > 0) replyDrafts.set(interactionId, modes);
  else replyDrafts.delete(interactionId);
}

/** How many files the compose box of this interaction holds, not yet sent. */
export function setPendingAttachments(interactionId: string, count: number): void {
  if (count > 0) attachments.set(interactionId, count);
  else attachments.delete(interactionId);
}

/** Forgets what was typed or attached (the interaction ended with it unsent). */
export function discardUnsent(interactionId: string): void {
  drafts.delete(interactionId);
  attachments.delete(interactionId);
  replyDrafts.delete(interactionId);
}

/**
 * R-CH-6: whether leaving this conversation would leave something unsent in its compose box —
 * text that is more than blanks, attachments, or an email reply draft (even one saved on the
 * server: ending the contact discards it). Every warning asks this one question.
 */
export function hasUnsentContent(interactionId: string): boolean {
  return (
    readDraft(interactionId).trim() !== '' ||
    (attachments.get(interactionId) ?? 0) > 0 ||
    replyDrafts.has(interactionId)
  );
}
