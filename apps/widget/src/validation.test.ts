import { describe, expect, it } from 'vitest';
import { limits } from '../../../packages/contracts/src/limits.ts';
import { checkMessage, counterLevel, validatePrechat } from './validation.ts';

describe('validatePrechat', () => {
  it('accepts a name and an email, trimmed', () => {
    expect(validatePrechat({ name: '  Kim Mina ', email: ' mina@example.co.kr ' })).toEqual({
      ok: true,
      value: { name: 'Kim Mina', email: 'mina@example.co.kr' },
    });
  });

  it.each([
    [{ name: '', email: '' }, 'validation.name.required', 'validation.email.required'],
    [{ name: '   ', email: 'mina@' }, 'validation.name.required', 'validation.email.invalid'],
    [{ name: 'Mina', email: 'mina@example' }, undefined, 'validation.email.invalid'],
    [{ name: 'Mina', email: 'mina..kim@example.com' }, undefined, 'validation.email.invalid'],
    [
      { name: 'x'.repeat(limits.customerNameMaxLength + 1), email: 'mina@example.com' },
      'validation.name.tooLong',
      undefined,
    ],
    [
      { name: 'Mina', email: `${'m'.repeat(limits.emailMaxLength)}@example.com` },
      undefined,
      'validation.email.tooLong',
    ],
  ])('rejects %o', (input, name, email) => {
    expect(validatePrechat(input)).toEqual({ ok: false, errors: { name, email } });
  });

  it('lets an optional field stay empty but still checks what is typed in it', () => {
    const optional = { name: 'optional', email: 'optional' } as const;
    expect(validatePrechat({ name: ' ', email: '' }, optional)).toEqual({
      ok: true,
      value: { name: '', email: '' },
    });
    expect(validatePrechat({ name: '', email: 'mina@' }, optional)).toEqual({
      ok: false,
      errors: { email: 'validation.email.invalid' },
    });
    expect(
      validatePrechat({ name: '', email: '' }, { name: 'optional', email: 'required' }),
    ).toEqual({ ok: false, errors: { email: 'validation.email.required' } });
  });
});

describe('checkMessage', () => {
  it('sends the trimmed text', () => {
    expect(checkMessage('  hi there \n')).toEqual({ ok: true, text: 'hi there' });
  });

  it('refuses blank text', () => {
    expect(checkMessage(' \n\t ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('allows exactly the limit and refuses one character more', () => {
    const max = limits.chatMessageMaxLength;
    expect(checkMessage('a'.repeat(max)).ok).toBe(true);
    expect(checkMessage('a'.repeat(max + 1))).toEqual({ ok: false, reason: 'too-long' });
  });

  it('counts characters as people do, so an emoji or a Hangul syllable is one', () => {
    const max = limits.chatMessageMaxLength;
    expect(checkMessage('😀'.repeat(max)).ok).toBe(true);
    expect(checkMessage('한'.repeat(max)).ok).toBe(true);
    expect(checkMessage('😀'.repeat(max + 1)).ok).toBe(false);
  });
});

describe('counterLevel', () => {
  it.each([
    [0, 'normal'],
    [899, 'normal'],
    [900, 'near'],
    [1000, 'near'],
    [1001, 'over'],
  ])('is %s characters → %s', (length, level) => {
    expect(counterLevel(length)).toBe(level);
  });
});
