import { countCharacters, limits } from '../../../packages/contracts/src/limits.ts';
import { h, icon } from './dom.ts';
import type { Translate } from './i18n.ts';
import { checkMessage, counterLevel } from './validation.ts';

export interface ComposeBox {
  element: HTMLElement;
  setDisabled(disabled: boolean): void;
  focus(): void;
}

export interface ComposeOptions {
  t: Translate;
  onSend: (text: string) => void;
}

const maxInputHeightPx = 120;

/** Textarea with a live "n / 1000" counter; Enter sends, Shift+Enter adds a line. */
export function createComposeBox({ t, onSend }: ComposeOptions): ComposeBox {
  const max = limits.chatMessageMaxLength;
  const input = h('textarea', {
    id: 'sangdam-compose',
    class: 'compose-input',
    rows: '1',
    placeholder: t('compose.placeholder'),
    'aria-describedby': 'sangdam-compose-hint sangdam-compose-counter',
    'data-testid': 'compose-input',
  });
  const counter = h('span', {
    id: 'sangdam-compose-counter',
    class: 'counter',
    'data-testid': 'compose-counter',
  });
  const send = h(
    'button',
    {
      type: 'submit',
      class: 'send',
      'aria-label': t('compose.send'),
      title: t('compose.send'),
      'data-testid': 'compose-send',
    },
    [icon('send')],
  );
  const hint = h('span', { id: 'sangdam-compose-hint', class: 'hint' }, [t('compose.hint')]);
  const form = h('form', { class: 'compose' }, [
    h('label', { for: input.id, class: 'visually-hidden' }, [t('compose.label')]),
    h('div', { class: 'compose-row' }, [input, send]),
    h('div', { class: 'compose-footer' }, [hint, counter]),
  ]);
  let disabled = false;

  const refresh = (): void => {
    const length = countCharacters(input.value);
    const level = counterLevel(length);
    counter.textContent = `${length} / ${max}`;
    counter.dataset.level = level;
    hint.textContent = t(level === 'over' ? 'compose.tooLong' : 'compose.hint', { max });
    hint.classList.toggle('is-error', level === 'over');
    input.toggleAttribute('aria-invalid', level === 'over');
    send.disabled = disabled || !checkMessage(input.value).ok;
  };

  const resize = (): void => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, maxInputHeightPx)}px`;
  };

  const submit = (): void => {
    const check = checkMessage(input.value);
    if (disabled || !check.ok) return;
    onSend(check.text);
    input.value = '';
    input.style.height = '';
    refresh();
  };

  input.addEventListener('input', () => {
    refresh();
    resize();
  });
  input.addEventListener('keydown', (event) => {
    // Enter that confirms a Hangul (IME) composition must not send the half-typed message;
    // Safari reports that Enter with isComposing false but keyCode 229.
    const composing = event.isComposing || event.keyCode === 229;
    if (event.key !== 'Enter' || event.shiftKey || composing) return;
    event.preventDefault();
    submit();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  refresh();

  return {
    element: form,
    setDisabled: (next) => {
      disabled = next;
      input.disabled = next;
      refresh();
    },
    focus: () => input.focus(),
  };
}
