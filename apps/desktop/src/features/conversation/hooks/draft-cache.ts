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

/** How many files the compose box of this interaction holds, not yet sent. */
export function setPendingAttachments(interactionId: string, count: number): void {
  if (count > 0) attachments.set(interactionId, count);
  else attachments.delete(interactionId);
}

/** Forgets what was typed or attached (the interaction ended with it unsent). */
export function discardUnsent(interactionId: string): void {
  drafts.delete(interactionId);
  attachments.delete(interactionId);
}

/**
 * R-CH-6: whether leaving this conversation would leave something unsent in its compose box —
 * text that is more than blanks, or attachments. Every warning asks this one question.
 */
export function hasUnsentContent(interactionId: string): boolean {
  return readDraft(interactionId).trim() !== '' || (attachments.get(interactionId) ?? 0) > 0;
}
