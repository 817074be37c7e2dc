import { countCharacters, limits } from '../../../packages/contracts/src/limits.ts';
import type { MessageKey } from './i18n.ts';

export interface PrechatInput {
  name: string;
  email: string;
}

export interface PrechatErrors {
  name?: MessageKey;
  email?: MessageKey;
}

export type PrechatResult =
  { ok: true; value: PrechatInput } | { ok: false; errors: PrechatErrors };

// The same pattern zod's z.email() uses on the server, so the form accepts exactly what the
// server accepts.
const emailPattern =
  /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** Which pre-chat fields the entry point requires (the server checks the same). */
export interface PrechatFields {
  name: 'required' | 'optional';
  email: 'required' | 'optional';
}

const bothRequired: PrechatFields = { name: 'required', email: 'required' };

/**
 * Checks the pre-chat form the way StartChatBody and the entry point do; returns trimmed values
 * when valid (an optional field left empty stays empty and is not sent).
 */
export function validatePrechat(
  input: PrechatInput,
  fields: PrechatFields = bothRequired,
): PrechatResult {
  const name = input.name.trim();
  const email = input.email.trim();
  const errors: PrechatErrors = {};
  if (name === '') {
    if (fields.name === 'required') errors.name = 'validation.name.required';
  } else if (name.length > limits.customerNameMaxLength) errors.name = 'validation.name.tooLong';
  if (email === '') {
    if (fields.email === 'required') errors.email = 'validation.email.required';
  } else if (email.length > limits.emailMaxLength) errors.email = 'validation.email.tooLong';
  else if (!emailPattern.test(email)) errors.email = 'validation.email.invalid';
  if (errors.name !== undefined || errors.email !== undefined) return { ok: false, errors };
  return { ok: true, value: { name, email } };
}

export type MessageCheck = { ok: true; text: string } | { ok: false; reason: 'empty' | 'too-long' };

/** What the compose box may send: non-blank, at most `chatMessageMaxLength` characters. */
export function checkMessage(raw: string): MessageCheck {
  if (countCharacters(raw) > limits.chatMessageMaxLength) return { ok: false, reason: 'too-long' };
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  return { ok: true, text };
}

export type CounterLevel = 'normal' | 'near' | 'over';

/** The counter turns amber in the last 10% before the limit and red past it. */
export function counterLevel(length: number): CounterLevel {
  if (length > limits.chatMessageMaxLength) return 'over';
  if (length >= limits.chatMessageMaxLength * 0.9) return 'near';
  return 'normal';
}
