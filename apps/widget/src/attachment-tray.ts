import {
  checkAttachments,
  formatFileSize,
  type AttachmentPolicy,
} from '../../../packages/contracts/src/attachment-rules.ts';
import { h, icon } from './dom.ts';
import { errorText } from './error-text.ts';
import type { Lang, Translate } from './i18n.ts';

/** What the compose box needs to send files (R-CH-5); absent while the policy is unknown. */
export interface ComposeAttachments {
  policy(): AttachmentPolicy | null;
  /** Sends a message with files; resolves with an error code, or null once sent. */
  send(text: string, files: readonly File[]): Promise<string | null>;
}

export interface AttachmentTray {
  button: HTMLElement;
  input: HTMLInputElement;
  chips: HTMLElement;
  files(): readonly File[];
  add(files: readonly File[]): void;
  clear(): void;
  /** The problem of the chosen files as text to show, or null. */
  problem(): string | null;
  setDisabled(disabled: boolean): void;
}

/** The paperclip, the hidden file input and the chips (name, size, X) with the limit beside them. */
export function createAttachmentTray(
  t: Translate,
  lang: Lang,
  attachments: ComposeAttachments,
  onChange: () => void,
): AttachmentTray {
  let chosen: File[] = [];
  const input = h('input', {
    type: 'file',
    multiple: true,
    hidden: true,
    'data-testid': 'compose-file-input',
  });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'attach',
      'aria-label': t('attach.button'),
      title: t('attach.button'),
      'data-testid': 'compose-attach',
    },
    [icon('clip')],
  );
  const chips = h('div', { class: 'attachment-chips', 'data-testid': 'compose-attachments' });
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    tray.add([...(input.files ?? [])]);
    input.value = '';
  });

  const render = (): void => {
    chips.replaceChildren(
      ...chosen.map((file, index) => {
        const remove = h(
          'button',
          {
            type: 'button',
            class: 'chip-remove',
            'aria-label': t('attach.remove', { name: file.name }),
            'data-testid': 'attachment-remove',
          },
          [icon('close')],
        );
        remove.addEventListener('click', () => {
          chosen = chosen.filter((_, i) => i !== index);
          render();
          onChange();
        });
        return h('span', { class: 'chip', 'data-testid': 'attachment-chip' }, [
          h('span', { class: 'chip-name', title: file.name }, [file.name]),
          h('span', { class: 'chip-size' }, [formatFileSize(file.size)]),
          remove,
        ]);
      }),
    );
    const policy = attachments.policy();
    if (chosen.length > 0 && policy) {
      chips.append(
        h('span', { class: 'chip-limit', 'data-testid': 'attachment-limit' }, [
          t('attach.limit', {
            count: policy.maxFiles,
            size: formatFileSize(policy.totalLimitBytes),
          }),
        ]),
      );
    }
    chips.hidden = chosen.length === 0;
  };

  const tray: AttachmentTray = {
    button,
    input,
    chips,
    files: () => chosen,
    add: (files) => {
      if (files.length === 0 || button.hidden || button.disabled) return;
      chosen = [...chosen, ...files];
      render();
      onChange();
    },
    clear: () => {
      chosen = [];
      render();
    },
    problem: () => {
      const policy = attachments.policy();
      if (!policy || chosen.length === 0) return null;
      const problem = checkAttachments(policy, chosen);
      return problem && errorText(lang, problem.code);
    },
    setDisabled: (disabled) => {
      const policy = attachments.policy();
      button.hidden = !policy?.enabled;
      button.disabled = disabled;
    },
  };
  render();
  return tray;
}
