import { readEmbedConfig, type ScriptTag } from './embed-config.ts';
import { browserStore } from './saved-chat.ts';
import chatStyles from './styles/chat.css?inline';
import panelStyles from './styles/panel.css?inline';
import prechatStyles from './styles/prechat.css?inline';
import { mountWidget } from './widget.ts';

const hostId = 'sangdam-widget';

// currentScript is only set while this file first runs, so it is read before anything waits.
const script =
  document.currentScript instanceof HTMLScriptElement
    ? document.currentScript
    : document.querySelector<HTMLScriptElement>('script[src*="sangdam-widget"]');

function start(tag: ScriptTag): void {
  // A page that includes the script twice still gets one widget.
  if (document.getElementById(hostId) !== null) return;
  const host = document.createElement('div');
  host.id = hostId;
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = panelStyles + prechatStyles + chatStyles;
  shadow.append(style);
  document.body.append(host);
  const config = readEmbedConfig(tag, location.href, navigator.language);
  host.lang = config.lang;
  mountWidget(
    shadow,
    config,
    browserStore(() => window.localStorage),
  );
}

const tag: ScriptTag = { src: script?.src ?? '', dataset: { ...script?.dataset } };
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => start(tag), { once: true });
} else {
  start(tag);
}
