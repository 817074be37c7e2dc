import type { ErrorCode } from '@sangdam/contracts';
import type { Lang } from './i18n.ts';

/** Failures the widget names itself: no answer from the server, or no server reached. */
export type WidgetErrorCode = 'NETWORK' | 'TIMEOUT';

/** Every code a customer may be shown; a code missing here fails the typecheck. */
type ErrorMessages = Record<ErrorCode | WidgetErrorCode, string>;

const en: ErrorMessages = {
  NETWORK: 'We could not reach the chat service. Please try again.',
  TIMEOUT: 'Not delivered. Check your connection and try again.',
  VALIDATION_FAILED: 'Please check what you entered and try again.',
  MESSAGE_TOO_LONG: 'This message is too long.',
  MESSAGE_EMPTY: 'This message is empty.',
  MESSAGE_BLOCKED_SENSITIVE:
    'This message was not sent because it contained card or personal data.',
  UNKNOWN_EVENT: 'This page is out of date. Please reload it.',
  UNAUTHENTICATED: 'Your chat is no longer available. Please start a new one.',
  INVALID_CREDENTIALS: 'Your chat is no longer available. Please start a new one.',
  INVALID_CUSTOMER_TOKEN: 'Your chat is no longer available. Please start a new one.',
  CSRF_FAILED: 'This page is out of date. Please reload it.',
  FORBIDDEN: 'This is not possible in this chat.',
  NOT_FOUND: 'This chat service is not available here.',
  RATE_LIMITED: 'You are sending too fast; wait a moment.',
  OFFER_NOT_PENDING: 'Something went wrong. Please try again.',
  OFFER_EXPIRED: 'Something went wrong. Please try again.',
  INTERACTION_ENDED: 'This chat has ended.',
  NOT_A_PARTICIPANT: 'This is not possible in this chat.',
  WRAP_UP_NOT_PENDING: 'Something went wrong. Please try again.',
  WRAP_UP_HOLD_NOT_ALLOWED: 'Something went wrong. Please try again.',
  WRAP_UP_REASON_REQUIRED: 'Something went wrong. Please try again.',
  UNKNOWN_WRAP_UP_REASON: 'Something went wrong. Please try again.',
  INVALID_STATE_CHANGE: 'Something went wrong. Please try again.',
  UNKNOWN_IDLE_REASON: 'Something went wrong. Please try again.',
  OFFER_PENDING: 'Something went wrong. Please try again.',
  STALE_VERSION: 'Something changed meanwhile. Please try again.',
  NAME_TAKEN: 'Something went wrong. Please try again.',
  IN_USE: 'Something went wrong. Please try again.',
  DEFAULT_REQUIRED: 'Something went wrong. Please try again.',
  EMAIL_TAKEN: 'Something went wrong. Please try again.',
  ACCOUNT_DEACTIVATED: 'Something went wrong. Please try again.',
  WRONG_PASSWORD: 'Something went wrong. Please try again.',
  PASSWORD_TOO_SHORT: 'Something went wrong. Please try again.',
  PASSWORD_TOO_LONG: 'Something went wrong. Please try again.',
  OWN_ACCOUNT: 'Something went wrong. Please try again.',
  OPEN_CONTACTS: 'Something went wrong. Please try again.',
  NOT_PRIMARY: 'Something went wrong. Please try again.',
  TRANSFER_EMAIL_TO_AGENT: 'Something went wrong. Please try again.',
  TRANSFER_TO_SELF: 'Something went wrong. Please try again.',
  TRANSFER_WRONG_CHANNEL: 'Something went wrong. Please try again.',
  AGENT_UNAVAILABLE: 'Something went wrong. Please try again.',
  HANDOVER_PENDING: 'Something went wrong. Please try again.',
  CONFERENCE_NOT_ALLOWED: 'Something went wrong. Please try again.',
  ALREADY_IN_INTERACTION: 'Something went wrong. Please try again.',
  RESPONSE_LIMIT_REACHED: 'Something went wrong. Please try again.',
  ENTRY_POINT_LIMIT_REACHED: 'Something went wrong. Please try again.',
  ASSISTANT_TOO_MANY_ANSWERS: 'Something went wrong. Please try again.',
  ASSISTANT_TOO_MANY_KEYWORDS: 'Something went wrong. Please try again.',
  ASSISTANT_DUPLICATE_LABEL: 'Something went wrong. Please try again.',
  ASSISTANT_NO_HAND_OVER: 'Something went wrong. Please try again.',
  ASSISTANT_AGENT_NOT_OFFERED: 'Please pick one of the questions or ask yours first.',
  PRECHAT_FIELD_REQUIRED: 'Please fill in the fields marked as required.',
  NOT_EMAIL_CONTACT: 'Something went wrong. Please try again.',
  EMAIL_ADDRESS_MISSING: 'Something went wrong. Please try again.',
  EMAIL_ADDRESS_TAKEN: 'Something went wrong. Please try again.',
  QUEUE_NOT_EMAIL: 'Something went wrong. Please try again.',
  MAIL_SECRET_KEY_MISSING: 'Something went wrong. Please try again.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
};

const ko: ErrorMessages = {
  NETWORK: '상담 서비스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  TIMEOUT: '전송되지 않았습니다. 연결을 확인하고 다시 시도해 주세요.',
  VALIDATION_FAILED: '입력한 내용을 확인하고 다시 시도해 주세요.',
  MESSAGE_TOO_LONG: '메시지가 너무 깁니다.',
  MESSAGE_EMPTY: '메시지가 비어 있습니다.',
  MESSAGE_BLOCKED_SENSITIVE:
    '전송되지 않았습니다. 상담 중에는 카드 또는 개인 정보를 보내지 마세요.',
  UNKNOWN_EVENT: '페이지가 오래되었습니다. 새로 고쳐 주세요.',
  UNAUTHENTICATED: '이전 상담을 더 이상 이어갈 수 없습니다. 새 상담을 시작해 주세요.',
  INVALID_CREDENTIALS: '이전 상담을 더 이상 이어갈 수 없습니다. 새 상담을 시작해 주세요.',
  INVALID_CUSTOMER_TOKEN: '이전 상담을 더 이상 이어갈 수 없습니다. 새 상담을 시작해 주세요.',
  CSRF_FAILED: '페이지가 오래되었습니다. 새로 고쳐 주세요.',
  FORBIDDEN: '이 상담에서는 할 수 없는 작업입니다.',
  NOT_FOUND: '이 페이지에서는 상담 서비스를 이용할 수 없습니다.',
  RATE_LIMITED: '메시지를 너무 빠르게 보내고 있습니다. 잠시 기다려 주세요.',
  OFFER_NOT_PENDING: '문제가 발생했습니다. 다시 시도해 주세요.',
  OFFER_EXPIRED: '문제가 발생했습니다. 다시 시도해 주세요.',
  INTERACTION_ENDED: '상담이 종료되었습니다.',
  NOT_A_PARTICIPANT: '이 상담에서는 할 수 없는 작업입니다.',
  WRAP_UP_NOT_PENDING: '문제가 발생했습니다. 다시 시도해 주세요.',
  WRAP_UP_HOLD_NOT_ALLOWED: '문제가 발생했습니다. 다시 시도해 주세요.',
  WRAP_UP_REASON_REQUIRED: '문제가 발생했습니다. 다시 시도해 주세요.',
  UNKNOWN_WRAP_UP_REASON: '문제가 발생했습니다. 다시 시도해 주세요.',
  INVALID_STATE_CHANGE: '문제가 발생했습니다. 다시 시도해 주세요.',
  UNKNOWN_IDLE_REASON: '문제가 발생했습니다. 다시 시도해 주세요.',
  OFFER_PENDING: '문제가 발생했습니다. 다시 시도해 주세요.',
  STALE_VERSION: '그 사이에 변경된 내용이 있습니다. 다시 시도해 주세요.',
  NAME_TAKEN: '문제가 발생했습니다. 다시 시도해 주세요.',
  IN_USE: '문제가 발생했습니다. 다시 시도해 주세요.',
  DEFAULT_REQUIRED: '문제가 발생했습니다. 다시 시도해 주세요.',
  EMAIL_TAKEN: '문제가 발생했습니다. 다시 시도해 주세요.',
  ACCOUNT_DEACTIVATED: '문제가 발생했습니다. 다시 시도해 주세요.',
  WRONG_PASSWORD: '문제가 발생했습니다. 다시 시도해 주세요.',
  PASSWORD_TOO_SHORT: '문제가 발생했습니다. 다시 시도해 주세요.',
  PASSWORD_TOO_LONG: '문제가 발생했습니다. 다시 시도해 주세요.',
  OWN_ACCOUNT: '문제가 발생했습니다. 다시 시도해 주세요.',
  OPEN_CONTACTS: '문제가 발생했습니다. 다시 시도해 주세요.',
  NOT_PRIMARY: '문제가 발생했습니다. 다시 시도해 주세요.',
  TRANSFER_EMAIL_TO_AGENT: '문제가 발생했습니다. 다시 시도해 주세요.',
  TRANSFER_TO_SELF: '문제가 발생했습니다. 다시 시도해 주세요.',
  TRANSFER_WRONG_CHANNEL: '문제가 발생했습니다. 다시 시도해 주세요.',
  AGENT_UNAVAILABLE: '문제가 발생했습니다. 다시 시도해 주세요.',
  HANDOVER_PENDING: '문제가 발생했습니다. 다시 시도해 주세요.',
  CONFERENCE_NOT_ALLOWED: '문제가 발생했습니다. 다시 시도해 주세요.',
  ALREADY_IN_INTERACTION: '문제가 발생했습니다. 다시 시도해 주세요.',
  RESPONSE_LIMIT_REACHED: '문제가 발생했습니다. 다시 시도해 주세요.',
  ENTRY_POINT_LIMIT_REACHED: '문제가 발생했습니다. 다시 시도해 주세요.',
  ASSISTANT_TOO_MANY_ANSWERS: '문제가 발생했습니다. 다시 시도해 주세요.',
  ASSISTANT_TOO_MANY_KEYWORDS: '문제가 발생했습니다. 다시 시도해 주세요.',
  ASSISTANT_DUPLICATE_LABEL: '문제가 발생했습니다. 다시 시도해 주세요.',
  ASSISTANT_NO_HAND_OVER: '문제가 발생했습니다. 다시 시도해 주세요.',
  ASSISTANT_AGENT_NOT_OFFERED: '먼저 질문을 고르시거나 직접 물어봐 주세요.',
  PRECHAT_FIELD_REQUIRED: '필수 항목을 입력해 주세요.',
  NOT_EMAIL_CONTACT: '문제가 발생했습니다. 다시 시도해 주세요.',
  EMAIL_ADDRESS_MISSING: '문제가 발생했습니다. 다시 시도해 주세요.',
  EMAIL_ADDRESS_TAKEN: '문제가 발생했습니다. 다시 시도해 주세요.',
  QUEUE_NOT_EMAIL: '문제가 발생했습니다. 다시 시도해 주세요.',
  MAIL_SECRET_KEY_MISSING: '문제가 발생했습니다. 다시 시도해 주세요.',
  INTERNAL: '일시적인 문제가 발생했습니다. 다시 시도해 주세요.',
};

const messages: Record<Lang, ErrorMessages> = { en, ko };

function isKnown(code: string): code is keyof ErrorMessages {
  return Object.hasOwn(en, code);
}

/**
 * What the customer reads for an error code, in the widget's language; never the server's own
 * (English) message. A code this build does not know reads as INTERNAL.
 */
export function errorText(lang: Lang, code: string): string {
  return messages[lang][isKnown(code) ? code : 'INTERNAL'];
}
