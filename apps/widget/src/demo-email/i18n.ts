import { errorText } from '../error-text.ts';
import type { Lang } from '../i18n.ts';

/** The email demo page's words; every one exists in both languages (as the widget's). */
const en = {
  'page.title': 'Sangdam email demo',
  'page.intro':
    'Write to the support address as a customer. Your mail goes over SMTP to Sangdam’s own mail receiver, and an agent signed in to the desktop is offered it. No mail leaves this computer: answers land in the demo mailbox and show up below.',
  'page.language': 'Language',
  'form.heading': 'New email',
  'form.to': 'To',
  'form.name': 'Your name',
  'form.email': 'Your email address',
  'form.subject': 'Subject',
  'form.text': 'Message',
  'form.send': 'Send email',
  'form.sending': 'Sending…',
  'form.sent': 'Sent. An agent will answer here.',
  'form.noAddress':
    'No support address is set up: an admin adds one under Admin › Email addresses.',
  'mails.heading': 'Your emails',
  'mails.none': 'Nothing sent yet.',
  'mails.waiting': 'No answer yet. This page checks for answers every few seconds.',
  'mails.you': 'You',
  'mails.answer': 'Answer from {name}',
  'mails.file': 'Attached: {name} ({size})',
  'error.NETWORK': 'The server could not be reached. Please try again.',
  'error.VALIDATION_FAILED': 'Please fill in every field with a valid email address.',
  'error.RATE_LIMITED': 'You are sending too fast; wait a minute and try again.',
  'error.NOT_FOUND':
    'The email demo is off on this server (a relay is configured or it does not receive mail).',
} as const;

export type DemoKey = keyof typeof en;

const ko: Record<DemoKey, string> = {
  'page.title': 'Sangdam 이메일 데모',
  'page.intro':
    '고객이 되어 지원 주소로 메일을 보내 보세요. 메일은 SMTP로 Sangdam의 메일 수신기에 전달되고, 데스크톱에 로그인한 상담원에게 배정됩니다. 메일은 이 컴퓨터 밖으로 나가지 않습니다. 답장은 데모 메일함에 쌓이고 아래에 표시됩니다.',
  'page.language': '언어',
  'form.heading': '새 이메일',
  'form.to': '받는 사람',
  'form.name': '이름',
  'form.email': '이메일 주소',
  'form.subject': '제목',
  'form.text': '내용',
  'form.send': '이메일 보내기',
  'form.sending': '보내는 중…',
  'form.sent': '보냈습니다. 상담원의 답장이 여기에 표시됩니다.',
  'form.noAddress': '지원 주소가 없습니다. 관리자가 관리 › 이메일 주소에서 추가할 수 있습니다.',
  'mails.heading': '보낸 이메일',
  'mails.none': '아직 보낸 메일이 없습니다.',
  'mails.waiting': '아직 답장이 없습니다. 이 페이지는 몇 초마다 답장을 확인합니다.',
  'mails.you': '나',
  'mails.answer': '{name}님의 답장',
  'mails.file': '첨부: {name} ({size})',
  'error.NETWORK': '서버에 연결할 수 없습니다. 다시 시도해 주세요.',
  'error.VALIDATION_FAILED': '모든 칸을 채우고 올바른 이메일 주소를 입력해 주세요.',
  'error.RATE_LIMITED': '너무 빨리 보내고 있습니다. 잠시 후 다시 시도해 주세요.',
  'error.NOT_FOUND':
    '이 서버에서는 이메일 데모가 꺼져 있습니다(릴레이가 설정되었거나 메일을 받지 않는 서버입니다).',
};

const dictionaries: Record<Lang, Record<DemoKey, string>> = { en, ko };

export function demoText(lang: Lang, key: DemoKey, params: Record<string, string> = {}): string {
  return dictionaries[lang][key].replace(
    /\{(\w+)\}/g,
    (whole, name: string) => params[name] ?? whole,
  );
}

/** An error code in the page's words; codes the page does not name read as the widget says them. */
export function demoErrorText(lang: Lang, code: string): string {
  const key = `error.${code}`;
  return Object.hasOwn(en, key) ? dictionaries[lang][key as DemoKey] : errorText(lang, code);
}
