import type { EntryPointPublic, StartChatBody } from '@sangdam/contracts';
import { ApiError, fetchEntryPoint, startChat } from './api.ts';
import { ChatSession } from './chat-session.ts';
import type { EmbedConfig } from './embed-config.ts';
import { errorText } from './error-text.ts';
import { createTranslator, type Lang } from './i18n.ts';
import { createPanelShell } from './panel-shell.ts';
import { clearPendingStart, pendingStartKey } from './pending-start.ts';
import { createPrechatView, type PrechatView } from './prechat-view.ts';
import {
  clearChat,
  loadChat,
  saveChat,
  storageKey,
  type KeyValueStore,
  type SavedChat,
} from './saved-chat.ts';
import type { PrechatInput } from './validation.ts';

/**
 * Puts the launcher and panel into `container` (the widget's shadow root) and runs the
 * customer's journey: pre-chat form → chat → ended → a new chat. A chat saved in this browser
 * resumes where it was, panel open or closed, in every tab; once it has ended it is shown as
 * ended here and forgotten, so the next visit starts fresh.
 */
export function mountWidget(
  container: ShadowRoot,
  config: EmbedConfig,
  storage: KeyValueStore,
): void {
  const t = createTranslator(config.lang);
  const key = storageKey(config.entryPointId);
  const saved = loadChat(storage, key);
  let open = saved?.open ?? false;
  let session: ChatSession | null = null;
  let prechat: PrechatView | null = null;
  let entryPoint: Promise<EntryPointPublic | null> | null = null;
  let lastInput: PrechatInput = { name: '', email: '' };

  const persist = (): void => {
    if (session === null) return;
    if (session.ended) clearChat(storage, key);
    else saveChat(storage, key, { ...session.record(), open });
  };

  const setOpen = (next: boolean): void => {
    open = next;
    shell.setOpen(next);
    persist();
    if (next && prechat !== null) greet(prechat);
    if (next) (session?.view ?? prechat)?.focus();
  };

  const shell = createPanelShell({
    t,
    onToggle: setOpen,
    onLeave: () => session?.view.askLeave(),
  });

  const refreshHeader = (): void => {
    shell.setSubtitle(session?.subtitle() ?? '');
    shell.setLeaveVisible(session !== null && !session.ended);
  };

  // Asked for on first open only, so shop pages where nobody chats cost the server nothing.
  // An entry point the admin deleted (a site still embeds its snippet): said at once.
  let entryPointGone: ApiError | null = null;
  const loadEntryPoint = (): Promise<EntryPointPublic | null> => {
    entryPoint ??= fetchEntryPoint(config.server, config.entryPointId).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'ENTRY_POINT_NOT_FOUND') {
        entryPointGone = error;
      }
      return null;
    });
    return entryPoint;
  };

  const greet = (view: PrechatView): void => {
    void loadEntryPoint().then((found) => {
      if (entryPointGone) {
        view.showUnavailable(failureText(config.lang, entryPointGone));
        return;
      }
      view.setGreeting(found?.greeting ?? '');
      if (found) view.setFields({ name: found.nameField, email: found.emailField });
    });
  };

  const showChat = (chat: SavedChat): void => {
    prechat = null;
    session = new ChatSession({
      t,
      lang: config.lang,
      server: config.server,
      saved: chat,
      onChange: () => {
        persist();
        refreshHeader();
      },
      onIncoming: () => shell.setUnread(!open),
      onInvalidToken: () => showPrechat(t('error.sessionExpired')),
      onNewChat: () => {
        showPrechat();
        prechat?.focus();
      },
    });
    shell.setBody(session.view.element);
    refreshHeader();
    persist();
  };

  const showPrechat = (notice = ''): void => {
    // Forget this chat, but never a newer one another tab started meanwhile.
    if (
      session !== null &&
      loadChat(storage, key)?.interactionId === session.record().interactionId
    )
      clearChat(storage, key);
    session?.close();
    session = null;
    const view = createPrechatView({
      t,
      initial: lastInput,
      onSubmit: (input) => submit(view, input),
    });
    prechat = view;
    view.showError(notice);
    shell.setBody(view.element);
    refreshHeader();
    if (open) greet(view);
  };

  const submit = (view: PrechatView, input: PrechatInput): void => {
    lastInput = input;
    view.setBusy(true);
    void begin(input)
      .then((chat) => {
        if (prechat === view) showChat(chat);
        session?.view.focus();
      })
      .catch((error: unknown) => {
        view.setBusy(false);
        view.showError(failureText(config.lang, error));
      });
  };

  const begin = async (input: PrechatInput): Promise<SavedChat> => {
    const entryPointId = config.entryPointId ?? (await loadEntryPoint())?.id;
    // An optional field left empty is left out (the server names the customer by their email).
    const body: StartChatBody = {
      ...(entryPointId !== undefined && { entryPointId }),
      ...(input.name !== '' && { name: input.name }),
      ...(input.email !== '' && { email: input.email }),
    };
    const started = await startChat(config.server, body, pendingStartKey(storage, key));
    clearPendingStart(storage, key);
    return {
      token: started.customerToken,
      interactionId: started.interactionId,
      lastSeq: 0,
      open: true,
      log: { events: [], pending: [] },
    };
  };

  // Another tab of this browser started a chat, or a new one after this one ended: join it.
  const adoptOtherTabsChat = (): void => {
    const current = loadChat(storage, key);
    if (current === null) return;
    if (session !== null && !session.ended) return;
    if (session !== null && session.record().interactionId === current.interactionId) return;
    showChat(current);
  };

  container.append(shell.root);
  shell.setOpen(open);
  if (saved === null) showPrechat();
  else showChat(saved);
  globalThis.addEventListener?.('storage', (event: StorageEvent) => {
    if (event.key === key) adoptOtherTabsChat();
  });
}

/** The widget's own text for what went wrong, by code (never the server's English message). */
function failureText(lang: Lang, error: unknown): string {
  return errorText(lang, error instanceof ApiError ? error.code : 'INTERNAL');
}
