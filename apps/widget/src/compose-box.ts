import { countCharacters, limits } from '../../../packages/contracts/src/limits.ts';
import { createAttachmentTray, type ComposeAttachments } from './attachment-tray.ts';
import { h, icon } from './dom.ts';
import { errorText } from './error-text.ts';
import type { Lang, Translate } from './i18n.ts';
import { checkMessage, counterLevel } from './validation.ts';

export interface ComposeBox {
  element: HTMLElement;
  setDisabled(disabled: boolean): void;
  focus(): void;
  /** The attachment policy arrived or changed: show or hide the paperclip. */
  refresh(): void;
}

export interface ComposeOptions {
  t: Translate;
  lang: Lang;
  onSend: (text: string) => void;
  attachments: ComposeAttachments;
}

const maxInputHeightPx = 120;

/** Textarea with a live "n / 1000" counter; Enter sends, Shift+Enter adds a line. */
export function createComposeBox({ t, lang, onSend, attachments }: ComposeOptions): ComposeBox {
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
  // R-CH-5: files wait in the tray (name, size, X) and go with the next send.
  const tray = createAttachmentTray(t, lang, attachments, () => refresh());
  const form = h('form', { class: 'compose' }, [
    h('label', { for: input.id, class: 'visually-hidden' }, [t('compose.label')]),
    tray.chips,
    h('div', { class: 'compose-row' }, [tray.button, tray.input, input, send]),
    h('div', { class: 'compose-footer' }, [hint, counter]),
  ]);
  let disabled = false;
  let sendingFiles = false;
  let sendError: string | null = null;

  const refresh = (): void => {
    const length = countCharacters(input.value);
    const level = counterLevel(length);
    counter.textContent = `${length} / ${max}`;
    counter.dataset.level = level;
    const problem = tray.problem();
    hint.textContent =
      level === 'over'
        ? t('compose.tooLong', { max })
        : (problem ??
          sendError ??
          (sendingFiles ? t('attach.sending') : t('compose.hint', { max })));
    hint.classList.toggle('is-error', level === 'over' || problem !== null || sendError !== null);
    input.toggleAttribute('aria-invalid', level === 'over');
    const hasFiles = tray.files().length > 0;
    tray.setDisabled(disabled || sendingFiles);
    send.disabled =
      disabled ||
      sendingFiles ||
      problem !== null ||
      level === 'over' ||
      (!hasFiles && !checkMessage(input.value).ok);
  };

  const resize = (): void => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, maxInputHeightPx)}px`;
  };

  const submit = (): void => {
    const check = checkMessage(input.value);
    if (tray.files().length > 0) {
      if (disabled || sendingFiles || tray.problem() !== null) return;
      sendingFiles = true;
      sendError = null;
      refresh();
      void attachments.send(check.ok ? check.text : '', tray.files()).then((code) => {
        sendingFiles = false;
        if (code === null) {
          tray.clear();
          input.value = '';
          input.style.height = '';
        } else {
          sendError = errorText(lang, code);
        }
        refresh();
      });
      return;
    }
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
  form.addEventListener('dragover', (event) => {
    if (tray.button.hidden || disabled) return;
    event.preventDefault();
    form.classList.add('is-dragging');
  });
  form.addEventListener('dragleave', () => form.classList.remove('is-dragging'));
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    form.classList.remove('is-dragging');
    sendError = null;
    tray.add([...(event.dataTransfer?.files ?? [])]);
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
    refresh,
  };
}
