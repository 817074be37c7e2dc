import { z } from 'zod';
import { countCharacters } from './limits.ts';

export { isStorableText } from './storable-text.ts';
import { isStorableText } from './storable-text.ts';

export const storableTextMessage =
  'contains a character that cannot be stored (NUL or a broken emoji)';

/** A string that passed {@link isStorableText}; refine further (`.trim().min().max()`) as needed. */
export const typedText = () => z.string().refine(isStorableText, { error: storableTextMessage });

/** Typed text, trimmed, not empty, at most `max` characters as people count them. */
export const boundedText = (max: number) =>
  typedText()
    .trim()
    .min(1, { error: 'is required' })
    .refine((value) => countCharacters(value) <= max, {
      error: `must be at most ${max} characters`,
    });
