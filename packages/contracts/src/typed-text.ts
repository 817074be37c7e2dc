import { z } from 'zod';

export { isStorableText } from './storable-text.ts';
import { isStorableText } from './storable-text.ts';

export const storableTextMessage =
  'contains a character that cannot be stored (NUL or a broken emoji)';

/** A string that passed {@link isStorableText}; refine further (`.trim().min().max()`) as needed. */
export const typedText = () => z.string().refine(isStorableText, { error: storableTextMessage });
