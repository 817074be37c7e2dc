/** The widget's two languages; every visible string exists in both. */
export type Lang = 'en' | 'ko';

const en = {
  'launcher.open': 'Open chat',
  'launcher.close': 'Close chat',
  'launcher.unread': 'New messages',
  'panel.title': 'Chat with us',
  'panel.minimize': 'Minimize chat',
  'prechat.intro': 'Tell us who you are and we will connect you with an agent.',
  'prechat.name': 'Name',
  'prechat.email': 'Email',
  'prechat.optional': '(optional)',
  'prechat.start': 'Start chat',
  'prechat.starting': 'Starting…',
  'validation.name.required': 'Please enter your name.',
  'validation.name.tooLong': 'Your name is at most {max} characters.',
  'validation.email.required': 'Please enter your email address.',
  'validation.email.invalid': 'Please enter a valid email address, like name@example.com.',
  'validation.email.tooLong': 'An email address is at most {max} characters.',
  'status.connecting': 'Connecting…',
  'status.reconnecting': 'Connection lost. Reconnecting…',
  'status.waiting': 'Waiting for an agent',
  'status.chatting': 'Chatting with {name}',
  'status.ended': 'Chat ended',
  'event.queued': 'Waiting for an agent…',
  'event.transferred': 'You are being transferred to another agent…',
  'event.position': 'You are number {position} in line',
  'event.positionWait': 'You are number {position} in line · about {minutes} min',
  'event.positionSoon': 'You are number {position} in line · less than a minute',
  'event.agentJoined': '{name} joined',
  'event.agentLeft': '{name} left the chat',
  'message.sensitiveRemoved': 'Card or personal data was removed from this message',
  'event.customerLeft': 'You left the chat',
  'event.ended': 'This chat has ended.',
  'event.endedAway': 'This chat was closed because you were away for a while.',
  'event.endedTransfer':
    'This chat has ended: the agent it was transferred to could not take it. Please start a new chat.',
  'author.bot': 'Virtual Assistant',
  'assistant.noMatch': 'Sorry, I have no answer to that. Try one of the questions below.',
  'assistant.noMatchAgent':
    'Sorry, I have no answer to that. Try one of the questions below, or talk to an agent.',
  'assistant.handedOver': 'Connecting you to an agent…',
  'assistant.talkToAgent': 'Talk to an agent',
  'assistant.choices': 'Questions you can ask',
  'status.withAssistant': 'Virtual Assistant',
  'message.sending': 'Sending…',
  'message.retry': 'Retry',
  'message.notSentEnded': 'Not sent: the chat has ended.',
  'compose.label': 'Type your message',
  'compose.placeholder': 'Type a message…',
  'compose.send': 'Send',
  'compose.tooLong': 'A message is at most {max} characters.',
  'compose.hint': 'Enter to send, Shift+Enter for a new line',
  'leave.button': 'Leave chat',
  'leave.question': 'Leave this chat? The conversation will end.',
  'leave.confirm': 'Leave',
  'leave.cancel': 'Stay',
  'ended.thanks': 'Thank you for chatting with us.',
  'ended.newChat': 'Start a new chat',
  'attach.button': 'Attach files',
  'attach.remove': 'Remove {name}',
  'attach.limit': 'Up to {count} files, under {size} in total',
  'attach.drop': 'Drop files to attach them',
  'attach.sending': 'Sending files…',
  'attach.download': 'Download {name}',
  'event.attachmentDroppedMine':
    'Your file “{name}” contained card or personal data and was not sent.',
  'event.attachmentDroppedAgent':
    'A file from the agent contained card or personal data and was not delivered.',
  'event.attachmentUnreadableMine': 'Your file “{name}” could not be checked and was not sent.',
  'event.attachmentUnreadableAgent':
    'A file from the agent could not be checked and was not delivered.',
  'error.sessionExpired': 'Your chat is no longer available. Please start a new one.',
} as const;

export type MessageKey = keyof typeof en;

const ko: Record<MessageKey, string> = {
  'launcher.open': '상담 열기',
  'launcher.close': '상담 닫기',
  'launcher.unread': '새 메시지',
  'panel.title': '상담',
  'panel.minimize': '상담 창 최소화',
  'prechat.intro': '이름과 이메일을 입력하시면 상담원과 연결해 드립니다.',
  'prechat.name': '이름',
  'prechat.email': '이메일',
  'prechat.optional': '(선택)',
  'prechat.start': '상담 시작',
  'prechat.starting': '시작하는 중…',
  'validation.name.required': '이름을 입력해 주세요.',
  'validation.name.tooLong': '이름은 최대 {max}자입니다.',
  'validation.email.required': '이메일 주소를 입력해 주세요.',
  'validation.email.invalid': '올바른 이메일 주소를 입력해 주세요. 예: name@example.com',
  'validation.email.tooLong': '이메일 주소는 최대 {max}자입니다.',
  'status.connecting': '연결 중…',
  'status.reconnecting': '연결이 끊어졌습니다. 다시 연결하는 중…',
  'status.waiting': '상담원 연결 대기 중',
  'status.chatting': '{name} 상담원과 상담 중',
  'status.ended': '상담 종료',
  'event.queued': '상담원 연결을 기다리고 있습니다…',
  'event.transferred': '다른 상담원에게 연결하고 있습니다…',
  'event.position': '대기 순번 {position}번',
  'event.positionWait': '대기 순번 {position}번 · 약 {minutes}분',
  'event.positionSoon': '대기 순번 {position}번 · 1분 이내',
  'event.agentJoined': '{name} 상담원이 연결되었습니다',
  'event.agentLeft': '{name} 상담원이 상담을 나갔습니다',
  'message.sensitiveRemoved': '카드 또는 개인 정보가 삭제되었습니다',
  'event.customerLeft': '상담을 나갔습니다',
  'event.ended': '상담이 종료되었습니다.',
  'event.endedAway': '한동안 자리를 비우셔서 상담이 종료되었습니다.',
  'event.endedTransfer':
    '전환된 상담원이 상담을 받지 못해 상담이 종료되었습니다. 새 상담을 시작해 주세요.',
  'author.bot': '가상 도우미',
  'assistant.noMatch': '죄송합니다. 그 질문에는 답을 드릴 수 없어요. 아래 질문 중에서 골라 보세요.',
  'assistant.noMatchAgent':
    '죄송합니다. 그 질문에는 답을 드릴 수 없어요. 아래 질문 중에서 고르시거나 상담원과 연결하세요.',
  'assistant.handedOver': '상담원에게 연결하고 있습니다…',
  'assistant.talkToAgent': '상담원 연결',
  'assistant.choices': '물어볼 수 있는 질문',
  'status.withAssistant': '가상 도우미',
  'message.sending': '보내는 중…',
  'message.retry': '다시 보내기',
  'message.notSentEnded': '상담이 종료되어 전송되지 않았습니다.',
  'compose.label': '메시지 입력',
  'compose.placeholder': '메시지를 입력하세요…',
  'compose.send': '보내기',
  'compose.tooLong': '메시지는 최대 {max}자입니다.',
  'compose.hint': 'Enter 보내기, Shift+Enter 줄바꿈',
  'leave.button': '나가기',
  'leave.question': '상담을 나가시겠습니까? 대화가 종료됩니다.',
  'leave.confirm': '나가기',
  'leave.cancel': '계속하기',
  'ended.thanks': '상담해 주셔서 감사합니다.',
  'ended.newChat': '새 상담 시작',
  'attach.button': '파일 첨부',
  'attach.remove': '{name} 빼기',
  'attach.limit': '최대 {count}개, 합계 {size} 미만',
  'attach.drop': '여기에 파일을 놓으면 첨부됩니다',
  'attach.sending': '파일 보내는 중…',
  'attach.download': '{name} 내려받기',
  'event.attachmentDroppedMine': '파일 “{name}”에 카드 또는 개인 정보가 있어 보내지 않았습니다.',
  'event.attachmentDroppedAgent': '상담원의 파일에 카드 또는 개인 정보가 있어 전달되지 않았습니다.',
  'event.attachmentUnreadableMine': '파일 “{name}”을 검사할 수 없어 보내지 않았습니다.',
  'event.attachmentUnreadableAgent': '상담원의 파일을 검사할 수 없어 전달되지 않았습니다.',
  'error.sessionExpired': '이전 상담을 더 이상 이어갈 수 없습니다. 새 상담을 시작해 주세요.',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ko };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Looks a key up and fills `{placeholders}`; an unknown placeholder stays visible as written. */
export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function createTranslator(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

/** `data-lang` wins when it names a supported language; otherwise the browser's language. */
export function pickLang(requested: string | undefined, browserLanguage: string): Lang {
  if (requested === 'ko' || requested === 'en') return requested;
  return browserLanguage.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
