import { countCharacters, limits } from '@sangdam/contracts';
import { AppError } from './app-error.ts';

/**
 * R-CH-3: a chat message has text and at most 1000 characters. Characters are counted as the
 * user sees them (code points), so a Korean or emoji message is not cut short.
 */
export function validateChatText(text: string): string {
  if (text.trim().length === 0) throw new AppError('MESSAGE_EMPTY', 'A message cannot be empty');
  if (countCharacters(text) > limits.chatMessageMaxLength) {
    throw new AppError(
      'MESSAGE_TOO_LONG',
      `A message is at most ${limits.chatMessageMaxLength} characters`,
    );
  }
  return text;
}
