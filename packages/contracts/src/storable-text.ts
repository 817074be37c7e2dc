// No zod here: the widget imports this file by path and ships without zod.

/** A UTF-16 surrogate without its other half: half an emoji, never something a person typed. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The one rule for text a person typed, wherever it enters (chat, names, labels, ids the
 * clients make up): no NUL character and no broken surrogate pair. PostgreSQL can store
 * neither, and no keyboard produces them.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !loneSurrogate.test(text);
}
