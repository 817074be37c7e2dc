import { h, icon } from './dom.ts';
import type { Translate } from './i18n.ts';

export interface PanelShell {
  root: HTMLElement;
  setOpen(open: boolean): void;
  setSubtitle(text: string): void;
  /** Replaces what the panel shows under its header (the form or the chat). */
  setBody(body: HTMLElement): void;
  setLeaveVisible(visible: boolean): void;
  setUnread(unread: boolean): void;
}

export interface PanelShellOptions {
  t: Translate;
  onToggle: (open: boolean) => void;
  onLeave: () => void;
}

/** The launcher button and the panel frame: header with title, status and actions. */
export function createPanelShell({ t, onToggle, onLeave }: PanelShellOptions): PanelShell {
  const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  const launcher = h(
    'button',
    {
      type: 'button',
      class: 'launcher',
      'data-testid': 'widget-launcher',
      'aria-controls': 'sangdam-panel',
      'aria-expanded': 'false',
      'aria-label': t('launcher.open'),
    },
    [icon('chat'), icon('close'), badge],
  );
  const subtitle = h('p', { class: 'subtitle', 'aria-live': 'polite' });
  const leave = h(
    'button',
    { type: 'button', class: 'header-button', 'data-testid': 'leave-chat', hidden: true },
    [t('leave.button')],
  );
  const minimize = h(
    'button',
    { type: 'button', class: 'icon-button', 'aria-label': t('panel.minimize') },
    [icon('minimize')],
  );
  const body = h('div', { class: 'panel-body' });
  const panel = h(
    'section',
    {
      id: 'sangdam-panel',
      class: 'panel',
      role: 'dialog',
      'aria-labelledby': 'sangdam-title',
      hidden: true,
    },
    [
      h('header', { class: 'header' }, [
        h('div', { class: 'header-text' }, [
          h('h2', { id: 'sangdam-title', class: 'title' }, [t('panel.title')]),
          subtitle,
        ]),
        leave,
        minimize,
      ]),
      body,
    ],
  );
  const root = h('div', { class: 'widget' }, [panel, launcher]);

  let open = false;
  const label = (): void => {
    const action = t(open ? 'launcher.close' : 'launcher.open');
    launcher.setAttribute(
      'aria-label',
      badge.hidden ? action : `${action} (${t('launcher.unread')})`,
    );
  };
  const setOpen = (next: boolean): void => {
    open = next;
    panel.hidden = !next;
    root.classList.toggle('is-open', next);
    launcher.setAttribute('aria-expanded', String(next));
    if (next) badge.hidden = true;
    label();
  };
  launcher.addEventListener('click', () => onToggle(!open));
  minimize.addEventListener('click', () => {
    onToggle(false);
    launcher.focus();
  });
  leave.addEventListener('click', onLeave);
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    onToggle(false);
    launcher.focus();
  });

  return {
    root,
    setOpen,
    setSubtitle: (text) => {
      subtitle.textContent = text;
    },
    setBody: (next) => body.replaceChildren(next),
    setLeaveVisible: (visible) => {
      leave.hidden = !visible;
    },
    setUnread: (unread) => {
      badge.hidden = open || !unread;
      label();
    },
  };
}
