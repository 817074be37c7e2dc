import { limits } from '../../../packages/contracts/src/limits.ts';
import { h } from './dom.ts';
import type { MessageKey, Translate } from './i18n.ts';
import { validatePrechat, type PrechatFields, type PrechatInput } from './validation.ts';

export interface PrechatView {
  element: HTMLElement;
  setGreeting(text: string): void;
  /** Marks each field required or optional, as the entry point says. */
  setFields(fields: PrechatFields): void;
  setBusy(busy: boolean): void;
  /** A form-level error, e.g. the server's message when starting failed. */
  showError(message: string): void;
  /** No chat can start here (the entry point was deleted): only the message stays. */
  showUnavailable(message: string): void;
  focus(): void;
}

export interface PrechatOptions {
  t: Translate;
  initial: PrechatInput;
  onSubmit: (input: PrechatInput) => void;
}

interface Field {
  wrapper: HTMLElement;
  input: HTMLInputElement;
  setError(key: MessageKey | undefined): void;
  setRequired(required: boolean): void;
}

function createField(
  t: Translate,
  name: 'name' | 'email',
  label: string,
  attrs: { type: string; autocomplete: string; value: string },
): Field {
  const id = `sangdam-prechat-${name}`;
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  const input = h('input', {
    id,
    name,
    ...attrs,
    required: true,
    'aria-required': 'true',
    'data-testid': `prechat-${name}`,
  });
  input.value = attrs.value;
  const maxLength = name === 'name' ? limits.customerNameMaxLength : limits.emailMaxLength;
  const optional = h('span', { class: 'optional', hidden: true }, [` ${t('prechat.optional')}`]);
  return {
    wrapper: h('div', { class: 'field' }, [
      h('label', { for: id }, [label, optional]),
      input,
      error,
    ]),
    input,
    setRequired: (required) => {
      input.required = required;
      input.setAttribute('aria-required', String(required));
      optional.hidden = required;
    },
    setError: (key) => {
      error.textContent = key === undefined ? '' : t(key, { max: maxLength });
      input.toggleAttribute('aria-invalid', key !== undefined);
      if (key === undefined) input.removeAttribute('aria-describedby');
      else input.setAttribute('aria-describedby', error.id);
    },
  };
}

/** The pre-chat form: greeting, name and email (each required or optional), Start chat. */
export function createPrechatView({ t, initial, onSubmit }: PrechatOptions): PrechatView {
  const greeting = h('p', { class: 'greeting', hidden: true });
  const name = createField(t, 'name', t('prechat.name'), {
    type: 'text',
    autocomplete: 'name',
    value: initial.name,
  });
  const email = createField(t, 'email', t('prechat.email'), {
    type: 'email',
    autocomplete: 'email',
    value: initial.email,
  });
  let fields: PrechatFields = { name: 'required', email: 'required' };
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const start = h('button', { type: 'submit', class: 'primary', 'data-testid': 'prechat-start' }, [
    t('prechat.start'),
  ]);
  const intro = h('p', { class: 'intro' }, [t('prechat.intro')]);
  const form = h('form', { class: 'prechat', novalidate: true }, [
    greeting,
    intro,
    name.wrapper,
    email.wrapper,
    formError,
    start,
  ]);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    formError.textContent = '';
    const result = validatePrechat({ name: name.input.value, email: email.input.value }, fields);
    name.setError(result.ok ? undefined : result.errors.name);
    email.setError(result.ok ? undefined : result.errors.email);
    if (result.ok) onSubmit(result.value);
    else (result.errors.name !== undefined ? name : email).input.focus();
  });

  return {
    element: form,
    setGreeting: (text) => {
      greeting.textContent = text;
      greeting.hidden = text.trim() === '';
    },
    setFields: (next) => {
      fields = next;
      name.setRequired(next.name === 'required');
      email.setRequired(next.email === 'required');
    },
    setBusy: (busy) => {
      start.disabled = busy;
      start.textContent = t(busy ? 'prechat.starting' : 'prechat.start');
    },
    showError: (message) => {
      formError.textContent = message;
    },
    showUnavailable: (message) => {
      formError.textContent = message;
      for (const part of [greeting, intro, name.wrapper, email.wrapper, start]) part.hidden = true;
    },
    focus: () => name.input.focus(),
  };
}
