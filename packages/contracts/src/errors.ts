import type { EmailDraft } from './email-compose.ts';

/**
 * Stable error codes. Clients switch on `code`; `message` is for people. The server maps each
 * code to an HTTP status in one table (apps/server/src/http/error-status.ts).
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'MESSAGE_TOO_LONG',
  'MESSAGE_EMPTY',
  'MESSAGE_BLOCKED_SENSITIVE',
  'UNKNOWN_EVENT',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'INVALID_CUSTOMER_TOKEN',
  'CSRF_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'OFFER_NOT_PENDING',
  'OFFER_EXPIRED',
  'INTERACTION_ENDED',
  'NOT_A_PARTICIPANT',
  'WRAP_UP_NOT_PENDING',
  'WRAP_UP_HOLD_NOT_ALLOWED',
  'WRAP_UP_REASON_REQUIRED',
  'UNKNOWN_WRAP_UP_REASON',
  'INVALID_STATE_CHANGE',
  'UNKNOWN_IDLE_REASON',
  'OFFER_PENDING',
  'STALE_VERSION',
  'NAME_TAKEN',
  'IN_USE',
  'DEFAULT_REQUIRED',
  'EMAIL_TAKEN',
  'ACCOUNT_DEACTIVATED',
  'WRONG_PASSWORD',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'OWN_ACCOUNT',
  'OPEN_CONTACTS',
  'NOT_PRIMARY',
  'TRANSFER_EMAIL_TO_AGENT',
  'TRANSFER_TO_SELF',
  'TRANSFER_WRONG_CHANNEL',
  'AGENT_UNAVAILABLE',
  'HANDOVER_PENDING',
  'CONFERENCE_NOT_ALLOWED',
  'ALREADY_IN_INTERACTION',
  'RESPONSE_LIMIT_REACHED',
  'ENTRY_POINT_LIMIT_REACHED',
  'ENTRY_POINT_NOT_FOUND',
  'ENTRY_POINT_IS_DEFAULT',
  'ASSISTANT_TOO_MANY_ANSWERS',
  'ASSISTANT_TOO_MANY_KEYWORDS',
  'ASSISTANT_DUPLICATE_LABEL',
  'ASSISTANT_NO_HAND_OVER',
  'ASSISTANT_AGENT_NOT_OFFERED',
  'PRECHAT_FIELD_REQUIRED',
  'NOT_EMAIL_CONTACT',
  'EMAIL_ADDRESS_MISSING',
  'EMAIL_RECIPIENT_MASKED',
  'EMAIL_ADDRESS_TAKEN',
  'QUEUE_NOT_EMAIL',
  'MAIL_SECRET_KEY_MISSING',
  'ATTACHMENTS_DISABLED',
  'ATTACHMENT_TOO_MANY',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_TYPE_NOT_ALLOWED',
  'ATTACHMENT_CONTENT_MISMATCH',
  'ATTACHMENT_NAME_INVALID',
  'ATTACHMENT_EMPTY',
  'ATTACHMENT_NOT_FOUND',
  'EMAIL_HEADERS_FIXED',
  'EMAIL_CC_INVALID',
  'EMAIL_TEMPLATE_NOT_ALLOWED',
  'EMAIL_NOT_FAILED',
  'EMAIL_NOT_RETRYABLE',
  'TEMPLATE_LIMIT_REACHED',
  'DRAFT_CONFLICT',
  'DEMO_MAIL_REFUSED',
  'DEMO_MAIL_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** A contact the agent still holds, named in an OPEN_CONTACTS refusal. */
export interface OpenContactRef {
  interactionId: string;
  channel: 'chat' | 'email';
  customerName: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** OPEN_CONTACTS only: the contacts to end (and wrap up) first. */
  contacts?: OpenContactRef[];
  /** DRAFT_CONFLICT only: the draft as stored now (null: there is none any more). */
  draft?: EmailDraft | null;
}

/** The shape of every socket acknowledgement. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
