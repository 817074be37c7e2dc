import {
  formatFileSize,
  limits,
  type DemoEmailAnswer,
  type DemoEmailAnswers,
  type DemoEmailInfo,
  type DemoEmailSendBody,
  type DemoEmailSendResponse,
} from '@sangdam/contracts';
import { h } from '../dom.ts';
import { pickLang, type Lang } from '../i18n.ts';
import { demoErrorText, demoText, type DemoKey } from './i18n.ts';

/**
 * The email demo page: a visitor writes to the support address as a customer; the answers that
 * land in the demo mailbox show under the mail they answer, refreshed every few seconds. What the
 * visitor sent is kept in this browser (localStorage) only.
 */

interface SentMail {
  messageId: string;
  to: string;
  email: string;
  subject: string;
  text: string;
  date: string;
}
interface Saved {
  name: string;
  email: string;
  sent: SentMail[];
}

const storageKey = 'sangdam-demo-email';
const refreshMs = 3_000;

class RequestError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

async function api<T>(path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new RequestError('NETWORK');
  }
  const answer: unknown = await response.json().catch(() => null);
  if (response.ok) return answer as T;
  const code = (answer as { code?: unknown } | null)?.code;
  throw new RequestError(typeof code === 'string' ? code : 'INTERNAL');
}

function load(): Saved {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Saved | null;
    if (saved && Array.isArray(saved.sent)) return saved;
  } catch {
    // A broken entry starts over.
  }
  return { name: '', email: '', sent: [] };
}

function start(root: HTMLElement, lang: Lang) {
  const t = (key: DemoKey, params?: Record<string, string>) => demoText(lang, key, params);
  const saved = load();
  const save = () => localStorage.setItem(storageKey, JSON.stringify(saved));
  const when = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
  document.title = t('page.title');
  document.documentElement.lang = lang;

  const field = (
    key: DemoKey,
    control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  ) => h('label', { class: 'field' }, [h('span', {}, [t(key)]), control]);
  const to = h('select', { name: 'to', 'data-testid': 'demo-email-to', required: true });
  const name = h('input', {
    name: 'name',
    autocomplete: 'name',
    required: true,
    maxlength: String(limits.customerNameMaxLength),
    'data-testid': 'demo-email-name',
  });
  const email = h('input', {
    name: 'email',
    type: 'email',
    autocomplete: 'email',
    required: true,
    maxlength: String(limits.emailMaxLength),
    'data-testid': 'demo-email-address',
  });
  const subject = h('input', {
    name: 'subject',
    required: true,
    maxlength: String(limits.demoEmailSubjectMaxLength),
    'data-testid': 'demo-email-subject',
  });
  const text = h('textarea', {
    name: 'text',
    rows: '6',
    required: true,
    maxlength: String(limits.demoEmailTextMaxLength),
    'data-testid': 'demo-email-text',
  });
  name.value = saved.name;
  email.value = saved.email;
  const send = h('button', { type: 'submit', 'data-testid': 'demo-email-send' }, [t('form.send')]);
  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'demo-email-status' });
  const form = h('form', { 'data-testid': 'demo-email-form' }, [
    h('h2', {}, [t('form.heading')]),
    field('form.to', to),
    h('div', { class: 'pair' }, [field('form.name', name), field('form.email', email)]),
    field('form.subject', subject),
    field('form.text', text),
    h('div', { class: 'actions' }, [send, status]),
  ]);
  const list = h('div', { class: 'mails', 'data-testid': 'demo-email-mails' });
  const other: Lang = lang === 'ko' ? 'en' : 'ko';
  root.replaceChildren(
    h('header', {}, [
      h('strong', {}, [t('page.title')]),
      h('a', { href: `?lang=${other}`, 'data-testid': 'demo-email-lang', lang: other }, [
        other === 'ko' ? '한국어' : 'English',
      ]),
    ]),
    h('main', {}, [
      h('p', { class: 'intro' }, [t('page.intro')]),
      form,
      h('section', {}, [h('h2', {}, [t('mails.heading')]), list]),
    ]),
  );

  const say = (message: string, kind: 'ok' | 'error' | 'busy') => {
    status.textContent = message;
    status.dataset['kind'] = kind;
  };

  let answers: DemoEmailAnswer[] = [];
  const render = () => {
    const mine = saved.sent.filter((mail) => mail.email === saved.email).toReversed();
    if (mine.length === 0) {
      list.replaceChildren(h('p', { class: 'muted' }, [t('mails.none')]));
      return;
    }
    list.replaceChildren(
      ...mine.map((mail) => {
        const replies = answers.filter((answer) => answer.answers === mail.messageId);
        return h('article', { class: 'thread', 'data-testid': 'demo-email-thread' }, [
          h('div', { class: 'mail' }, [
            h('div', { class: 'meta' }, [
              h('span', {}, [`${t('mails.you')} → ${mail.to}`]),
              h('time', { datetime: mail.date }, [when(mail.date)]),
            ]),
            h('h3', {}, [mail.subject]),
            h('p', { class: 'body' }, [mail.text]),
          ]),
          ...(replies.length === 0
            ? [h('p', { class: 'muted waiting' }, [t('mails.waiting')])]
            : replies.map((answer) =>
                h('div', { class: 'mail answer', 'data-testid': 'demo-email-answer' }, [
                  h('div', { class: 'meta' }, [
                    h('span', {}, [t('mails.answer', { name: answer.fromName })]),
                    h('time', { datetime: answer.date }, [when(answer.date)]),
                  ]),
                  h('h3', {}, [answer.subject]),
                  h('p', { class: 'body' }, [answer.text]),
                  ...answer.files.map((file) =>
                    h('p', { class: 'muted', 'data-testid': 'demo-email-file' }, [
                      t('mails.file', { name: file.name, size: formatFileSize(file.size) }),
                    ]),
                  ),
                ]),
              )),
        ]);
      }),
    );
  };

  const refresh = async () => {
    const ids = saved.sent
      .filter((mail) => mail.email === saved.email)
      .slice(-50)
      .map((mail) => mail.messageId);
    if (ids.length === 0) return;
    try {
      const found = await api<DemoEmailAnswers>('/api/v1/demo/email/answers', {
        email: saved.email,
        messageIds: ids,
      });
      answers = found.answers;
      render();
    } catch {
      // The next refresh tries again; sending shows its own errors.
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: DemoEmailSendBody = {
      to: to.value,
      name: name.value.trim(),
      email: email.value.trim().toLowerCase(),
      subject: subject.value.trim(),
      text: text.value.trim(),
    };
    send.disabled = true;
    say(t('form.sending'), 'busy');
    api<DemoEmailSendResponse>('/api/v1/demo/email/messages', body)
      .then(({ messageId }) => {
        saved.name = body.name;
        saved.email = body.email;
        saved.sent.push({ messageId, ...body, date: new Date().toISOString() });
        saved.sent = saved.sent.slice(-200);
        save();
        subject.value = '';
        text.value = '';
        say(t('form.sent'), 'ok');
        render();
      })
      .catch((error: unknown) => {
        say(demoErrorText(lang, error instanceof RequestError ? error.code : 'INTERNAL'), 'error');
      })
      .finally(() => {
        send.disabled = false;
      });
  });
  email.addEventListener('change', () => {
    saved.email = email.value.trim().toLowerCase();
    answers = [];
    render();
    void refresh();
  });

  api<DemoEmailInfo>('/api/v1/demo/email')
    .then(({ addresses }) => {
      to.replaceChildren(...addresses.map((address) => h('option', { value: address }, [address])));
      if (addresses.length === 0) {
        send.disabled = true;
        say(t('form.noAddress'), 'error');
      }
    })
    .catch((error: unknown) => {
      send.disabled = true;
      say(demoErrorText(lang, error instanceof RequestError ? error.code : 'INTERNAL'), 'error');
    });
  render();
  void refresh();
  setInterval(() => void refresh(), refreshMs);
}

const lang = pickLang(
  new URLSearchParams(location.search).get('lang') ?? undefined,
  navigator.language,
);
start(document.getElementById('app')!, lang);
