import { describe, expect, it } from 'vitest';
import { assertAgentCanWrite, validateWrapUpReasons } from './interaction.ts';

describe('interaction rules', () => {
  it('stops an agent writing into an ended conversation', () => {
    expect(() => assertAgentCanWrite({ status: 'ended' }, { leftAt: null })).toThrow(
      expect.objectContaining({ code: 'INTERACTION_ENDED' }),
    );
  });

  it('stops an agent who is not a participant', () => {
    expect(() => assertAgentCanWrite({ status: 'active' }, undefined)).toThrow(
      expect.objectContaining({ code: 'NOT_A_PARTICIPANT' }),
    );
  });

  it('accepts several wrap-up reasons once each and rejects unknown ones', () => {
    const known = new Set(['r1', 'r2']);
    expect(validateWrapUpReasons(['r1', 'r2', 'r1'], known)).toEqual(['r1', 'r2']);
    expect(() => validateWrapUpReasons([], known)).toThrow(
      expect.objectContaining({ code: 'WRAP_UP_REASON_REQUIRED' }),
    );
    expect(() => validateWrapUpReasons(['r3'], known)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_WRAP_UP_REASON' }),
    );
  });
});
