import { z } from 'zod';

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

export const storableTextMessage =
  'contains a character that cannot be stored (NUL or a broken emoji)';

/** A string that passed {@link isStorableText}; refine further (`.trim().min().max()`) as needed. */
export const typedText = () => z.string().refine(isStorableText, { error: storableTextMessage });
