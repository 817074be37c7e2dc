/** Unsent compose text per interaction, so switching between contacts keeps each draft. */
const drafts = new Map<string, string>();

export function readDraft(interactionId: string): string {
  return drafts.get(interactionId) ?? '';
}

export function writeDraft(interactionId: string, text: string): void {
  if (text) drafts.set(interactionId, text);
  else drafts.delete(interactionId);
}
