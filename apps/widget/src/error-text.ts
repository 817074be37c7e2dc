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
  ATTACHMENTS_DISABLED: 'Files cannot be sent in this conversation.',
  ATTACHMENT_TOO_MANY: 'Too many files for one message. Remove some and try again.',
  ATTACHMENT_TOO_LARGE: 'The files are too large together. Remove some and try again.',
  ATTACHMENT_TYPE_NOT_ALLOWED: 'This type of file cannot be sent.',
  ATTACHMENT_CONTENT_MISMATCH: 'This file is not what its name says it is, so it cannot be sent.',
  ATTACHMENT_NAME_INVALID: 'This file name cannot be used. Rename the file and try again.',
  ATTACHMENT_EMPTY: 'This file is empty.',
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
  ATTACHMENTS_DISABLED: '이 대화에서는 파일을 보낼 수 없습니다.',
  ATTACHMENT_TOO_MANY: '한 번에 보낼 수 있는 파일 수를 넘었습니다. 일부를 빼고 다시 시도해 주세요.',
  ATTACHMENT_TOO_LARGE: '파일 크기의 합계가 너무 큽니다. 일부를 빼고 다시 시도해 주세요.',
  ATTACHMENT_TYPE_NOT_ALLOWED: '이 형식의 파일은 보낼 수 없습니다.',
  ATTACHMENT_CONTENT_MISMATCH: '파일 내용이 이름의 형식과 맞지 않아 보낼 수 없습니다.',
  ATTACHMENT_NAME_INVALID: '이 파일 이름은 사용할 수 없습니다. 이름을 바꾼 뒤 다시 시도해 주세요.',
  ATTACHMENT_EMPTY: '빈 파일입니다.',
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
