import type { AttachmentRef, QueuePosition } from '@sangdam/contracts';
import type { ComposeAttachments } from './attachment-tray.ts';
import type { TimelineEntry } from './chat-log.ts';
import { createComposeBox } from './compose-box.ts';
import type { ConnectionStatus } from './connection.ts';
import { h } from './dom.ts';
import type { Lang, Translate } from './i18n.ts';
import { createMessageList } from './message-list.ts';
import { queuePositionText } from './queue-position.ts';

export interface ChatViewState {
  entries: readonly TimelineEntry[];
  ended: boolean;
  queuePosition: QueuePosition | null;
  connection: ConnectionStatus;
  /** While with the virtual assistant: its questions as buttons, and "Talk to an agent". */
  assistant: { choices: string[]; offerAgent: boolean } | null;
}

export interface ChatView {
  element: HTMLElement;
  render(state: ChatViewState): void;
  /** Shows the "Leave this chat?" confirmation in place of the compose box. */
  askLeave(): void;
  focus(): void;
  /** The attachment policy arrived: show the paperclip if files are allowed. */
  refreshCompose(): void;
}

export interface ChatViewOptions {
  t: Translate;
  lang: Lang;
  onSend: (text: string) => void;
  onRetry: (clientMessageId: string) => void;
  /** Resolves with an error message to show, or null once the chat is queued. */
  onAskAgent: () => Promise<string | null>;
  onDownload: (file: AttachmentRef) => void;
  attachments: ComposeAttachments;
  /** Resolves with an error message to show, or null once the customer has left. */
  onLeave: () => Promise<string | null>;
  onNewChat: () => void;
}

/** The conversation: transcript, a status line, and compose / leave confirmation / ended. */
export function createChatView(options: ChatViewOptions): ChatView {
  const { t } = options;
  const messages = createMessageList(options);
  const status = h('p', { class: 'status-line', role: 'status', hidden: true });
  const compose = createComposeBox(options);
  const choices = createAssistantChoices(options);

  const leaveError = h('p', { class: 'form-error', role: 'alert' });
  const stay = h('button', { type: 'button', class: 'secondary', 'data-testid': 'leave-cancel' }, [
    t('leave.cancel'),
  ]);
  const confirmLeave = h(
    'button',
    { type: 'button', class: 'danger', 'data-testid': 'leave-confirm' },
    [t('leave.confirm')],
  );
  const confirm = h('div', { class: 'confirm', role: 'group', hidden: true }, [
    h('p', { id: 'sangdam-leave-question' }, [t('leave.question')]),
    leaveError,
    h('div', { class: 'actions' }, [stay, confirmLeave]),
  ]);
  confirm.setAttribute('aria-labelledby', 'sangdam-leave-question');

  const newChat = h('button', { type: 'button', class: 'primary', 'data-testid': 'new-chat' }, [
    t('ended.newChat'),
  ]);
  const ended = h('div', { class: 'ended', 'data-testid': 'chat-ended', hidden: true }, [
    h('p', {}, [t('ended.thanks')]),
    newChat,
  ]);

  let isEnded = false;
  const closeConfirm = (): void => {
    confirm.hidden = true;
    leaveError.textContent = '';
    compose.element.hidden = isEnded;
  };
  stay.addEventListener('click', () => {
    closeConfirm();
    compose.focus();
  });
  confirmLeave.addEventListener('click', () => {
    confirmLeave.disabled = true;
    void options.onLeave().then((error) => {
      confirmLeave.disabled = false;
      if (error === null) closeConfirm();
      else leaveError.textContent = error;
    });
  });
  newChat.addEventListener('click', options.onNewChat);

  return {
    element: h('div', { class: 'chat' }, [
      messages.element,
      status,
      choices.element,
      compose.element,
      confirm,
      ended,
    ]),
    render: (state) => {
      messages.render(state.entries, state.ended);
      isEnded = state.ended;
      const statusText = state.ended
        ? ''
        : state.connection === 'connecting'
          ? t('status.connecting')
          : state.connection === 'reconnecting'
            ? t('status.reconnecting')
            : state.queuePosition === null
              ? ''
              : queuePositionText(t, state.queuePosition);
      status.textContent = statusText;
      status.hidden = statusText === '';
      status.classList.toggle('is-warning', state.connection === 'reconnecting');
      choices.render(state.ended ? null : state.assistant);
      compose.setDisabled(state.ended);
      if (state.ended) {
        confirm.hidden = true;
        compose.element.hidden = true;
      }
      ended.hidden = !state.ended;
    },
    askLeave: () => {
      if (isEnded) return;
      compose.element.hidden = true;
      confirm.hidden = false;
      stay.focus();
    },
    focus: () => (isEnded ? newChat : compose).focus(),
    refreshCompose: () => compose.refresh(),
  };
}

/**
 * The assistant's questions as buttons (a click sends the question as the customer's message)
 * and "Talk to an agent" when the assistant offers it (R-CH-2). Rebuilt only when they change.
 */
function createAssistantChoices(options: ChatViewOptions) {
  const { t } = options;
  const error = h('p', { class: 'form-error', role: 'alert' });
  const buttons = h('div', { class: 'choice-buttons' });
  const element = h(
    'div',
    { class: 'assistant-choices', role: 'group', 'data-testid': 'assistant-choices', hidden: true },
    [buttons, error],
  );
  element.setAttribute('aria-label', t('assistant.choices'));
  let shown = '';
  const render = (assistant: ChatViewState['assistant']): void => {
    const signature = JSON.stringify(assistant);
    if (signature === shown) return;
    shown = signature;
    element.hidden = assistant === null;
    error.textContent = '';
    buttons.replaceChildren();
    if (assistant === null) return;
    for (const label of assistant.choices) {
      const choice = h('button', { type: 'button', class: 'choice' }, [label]);
      choice.addEventListener('click', () => options.onSend(label));
      buttons.append(choice);
    }
    if (!assistant.offerAgent) return;
    const agent = h(
      'button',
      { type: 'button', class: 'choice agent', 'data-testid': 'talk-to-agent' },
      [t('assistant.talkToAgent')],
    );
    agent.addEventListener('click', () => {
      agent.disabled = true;
      void options.onAskAgent().then((message) => {
        agent.disabled = false;
        error.textContent = message ?? '';
      });
    });
    buttons.append(agent);
  };
  return { element, render };
}
