import { Pill, PillsInput } from '@mantine/core';
import { isEmailAddress, limits } from '@sangdam/contracts';
import { useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface CcChipsProps {
  value: readonly string[];
  onChange: (cc: string[]) => void;
  disabled: boolean;
  /** The server's refusal (EMAIL_CC_INVALID), in the agent's language. */
  serverError: string | null;
}

/** Addresses typed or pasted at once: split at commas, semicolons and blanks. */
const split = (text: string) => text.split(/[\s,;]+/).filter((part) => part !== '');

/** The CC entries the chips judge not an address (as the server judges them). */
export function invalidCc(cc: readonly string[]): string[] {
  return cc.filter((address) => !isEmailAddress(address));
}

/**
 * R-EM-3: CC recipients as chips — Enter, comma, semicolon, a blank or leaving the field adds
 * what was typed; Backspace on an empty field takes the last chip back for editing; a chip that
 * is not an address is marked and named before Send.
 */
export function CcChips({ value, onChange, disabled, serverError }: CcChipsProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const invalid = invalidCc(value);
  const add = (text: string) => {
    const fresh = split(text).filter(
      (address) => !value.some((known) => known.toLowerCase() === address.toLowerCase()),
    );
    if (fresh.length > 0) onChange([...value, ...fresh].slice(0, limits.emailReplyCcMax));
    setTyped('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (['Enter', ',', ';', ' '].includes(event.key)) {
      if (typed.trim() === '') return;
      event.preventDefault();
      add(typed);
    } else if (event.key === 'Backspace' && typed === '' && value.length > 0) {
      event.preventDefault();
      setTyped(value.at(-1)!);
      onChange(value.slice(0, -1));
    }
  };
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text');
    if (split(text).length > 1) {
      event.preventDefault();
      add(`${typed} ${text}`);
    }
  };
  const error =
    invalid.length > 0
      ? t('compose.ccInvalid', { count: invalid.length, addresses: invalid.join(', ') })
      : serverError;
  return (
    <PillsInput
      size="xs"
      variant="unstyled"
      label={t('email.cc')}
      error={error}
      disabled={disabled}
      errorProps={{ 'data-testid': 'compose-cc-error', role: 'alert' }}
      styles={{
        root: { display: 'flex', alignItems: 'baseline', gap: 8, flexWrap: 'wrap' },
        label: { width: 56, flexShrink: 0, color: 'var(--mantine-color-dimmed)', fontWeight: 400 },
        wrapper: { flex: 1, minWidth: 200 },
        error: { flexBasis: '100%', paddingLeft: 64 },
      }}
    >
      <Pill.Group>
        {value.map((address, index) => {
          const bad = !isEmailAddress(address);
          return (
            <Pill
              key={address}
              withRemoveButton={!disabled}
              onRemove={() => onChange(value.filter((_, at) => at !== index))}
              removeButtonProps={{ 'aria-label': t('compose.ccRemove', { address }) }}
              data-testid="compose-cc-chip"
              data-invalid={bad}
              aria-invalid={bad}
              bg={bad ? 'red.1' : 'indigo.0'}
              c={bad ? 'red.8' : undefined}
            >
              {address}
            </Pill>
          );
        })}
        <PillsInput.Field
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => add(typed)}
          placeholder={value.length === 0 ? t('compose.ccPlaceholder') : undefined}
          aria-label={t('compose.ccLabel')}
          data-testid="compose-cc-input"
        />
      </Pill.Group>
    </PillsInput>
  );
}
