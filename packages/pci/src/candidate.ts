import type { Finding } from './types.ts';

/** A finding that may still need a context word nearby before it is reported. */
export interface Candidate extends Finding {
  needsContext: boolean;
}
