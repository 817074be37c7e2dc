import { describe, expect, it } from 'vitest';
import { validateChatText } from './message.ts';

describe('chat message text', () => {
  it('accepts exactly 1000 characters, counting Korean and emoji as one each', () => {
    expect(validateChatText('가'.repeat(1000))).toHaveLength(1000);
    expect(() => validateChatText('😀'.repeat(1000))).not.toThrow();
  });

  it('rejects 1001 characters with MESSAGE_TOO_LONG', () => {
    expect(() => validateChatText('a'.repeat(1001))).toThrow(
      expect.objectContaining({ code: 'MESSAGE_TOO_LONG' }),
    );
  });

  it('rejects a blank message with MESSAGE_EMPTY', () => {
    expect(() => validateChatText(' \n\t')).toThrow(
      expect.objectContaining({ code: 'MESSAGE_EMPTY' }),
    );
  });
});
