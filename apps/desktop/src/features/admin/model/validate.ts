import {
  adminLimits,
  assistantLimits,
  limits,
  type Channel,
  type PrechatField,
  type ProfileMode,
  type RoutingStrategyName,
} from '@sangdam/contracts';

/** The same limits the server enforces, checked before submit so people see them early. */
export type FieldError =
  | { key: 'required' }
  | { key: 'tooLong'; max: number }
  | { key: 'range'; min: number; max: number }
  | { key: 'noCapacity' }
  | { key: 'email' }
  | { key: 'tooMany'; max: number }
  | { key: 'duplicateQuestion' }
  | { key: 'noWayOut' };

export type FieldErrors<F extends string> = Partial<Record<F, FieldError>>;

/** A number input's value: '' while empty. */
export type NumberValue = number | '';

export function checkName(value: string, max: number): FieldError | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return { key: 'required' };
  if ([...trimmed].length > max) return { key: 'tooLong', max };
  return undefined;
}

export function checkWholeNumber(
  value: NumberValue,
  min: number,
  max: number,
): FieldError | undefined {
  if (value === '' || !Number.isInteger(value) || value < min || value > max) {
    return { key: 'range', min, max };
  }
  return undefined;
}

const compact = <F extends string>(errors: Record<F, FieldError | undefined>): FieldErrors<F> =>
  Object.fromEntries(Object.entries(errors).filter(([, e]) => e !== undefined)) as FieldErrors<F>;

export interface QueueForm {
  name: string;
  channel: Channel;
  priority: NumberValue;
  routingStrategy: RoutingStrategyName;
  /** null: the channel's timeout applies. */
  offerTimeoutSeconds: NumberValue | null;
}

export function validateQueue(form: QueueForm) {
  return compact({
    name: checkName(form.name, adminLimits.nameMaxLength),
    priority: checkWholeNumber(form.priority, 0, adminLimits.queuePriorityMax),
    offerTimeoutSeconds:
      form.offerTimeoutSeconds === null ? undefined : checkOfferTimeout(form.offerTimeoutSeconds),
  });
}

export function checkOfferTimeout(value: NumberValue) {
  return checkWholeNumber(
    value,
    adminLimits.offerTimeoutMinSeconds,
    adminLimits.offerTimeoutMaxSeconds,
  );
}

export interface ProfileForm {
  name: string;
  mode: ProfileMode;
  chatCapacity: NumberValue;
  emailCapacity: NumberValue;
  isDefault: boolean;
}

export function validateProfile(form: ProfileForm) {
  const chat = checkWholeNumber(form.chatCapacity, 0, adminLimits.capacityMax);
  const email = checkWholeNumber(form.emailCapacity, 0, adminLimits.capacityMax);
  const none = !chat && !email && form.chatCapacity === 0 && form.emailCapacity === 0;
  return compact({
    name: checkName(form.name, adminLimits.nameMaxLength),
    chatCapacity: chat ?? (none ? { key: 'noCapacity' } : undefined),
    emailCapacity: email,
  });
}

export interface ReasonForm {
  label: string;
  isDefault: boolean;
  sortOrder: NumberValue;
}

export function validateReason(form: ReasonForm) {
  return compact({
    label: checkName(form.label, adminLimits.reasonLabelMaxLength),
    sortOrder: checkWholeNumber(form.sortOrder, 0, adminLimits.reasonOrderMax),
  });
}

export interface ResponseForm {
  title: string;
  text: string;
  /** '' for none. */
  category: string;
}

/** A predefined chat response (R-CH-4): its text is never longer than one chat message. */
export function validateResponse(form: ResponseForm) {
  return compact({
    title: checkName(form.title, adminLimits.responseTitleMaxLength),
    text: checkName(form.text, limits.chatMessageMaxLength),
    category:
      form.category.trim() === ''
        ? undefined
        : checkName(form.category, adminLimits.responseCategoryMaxLength),
  });
}

export interface EmailTemplateForm {
  name: string;
  bodyHtml: string;
  /** '' for none. */
  category: string;
}

/** An email template (R-EM-4); the server sanitises the HTML and checks the same bounds. */
export function validateEmailTemplate(form: EmailTemplateForm) {
  return compact({
    name: checkName(form.name, adminLimits.emailTemplateNameMaxLength),
    bodyHtml: checkName(form.bodyHtml, adminLimits.emailTemplateBodyMaxLength),
    category:
      form.category.trim() === ''
        ? undefined
        : checkName(form.category, adminLimits.emailTemplateCategoryMaxLength),
  });
}

export function validateTeam(form: { name: string }) {
  return compact({ name: checkName(form.name, adminLimits.nameMaxLength) });
}

export function checkEmail(value: string): FieldError | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return { key: 'required' };
  if (trimmed.length > limits.emailMaxLength) return { key: 'tooLong', max: limits.emailMaxLength };
  // The server decides; this catches the obvious slip before a round trip.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return { key: 'email' };
  return undefined;
}

export function validateUser(form: { email: string; displayName: string }) {
  return compact({
    email: checkEmail(form.email),
    displayName: checkName(form.displayName, adminLimits.nameMaxLength),
  });
}

/** The entry point dialog's values: answers' keywords as typed tags, the miss count optional. */
export interface EntryPointForm {
  name: string;
  queueId: string | null;
  nameField: PrechatField;
  emailField: PrechatField;
  greeting: string;
  answers: { label: string; keywords: string[]; text: string }[];
  offerAgent: boolean;
  afterMisses: NumberValue | null;
}

/** Two questions the server would take for the same button (it also ignores punctuation). */
const sameQuestion = (label: string) => label.normalize('NFKC').toLowerCase().trim();

/**
 * The server's limits of an entry point, per field: `answers.N.label` and the like for one
 * answer, `answers` for the list, `handOver` when customers would have no way to an agent.
 */
export function validateEntryPoint(form: EntryPointForm): FieldErrors<string> {
  const errors: Record<string, FieldError | undefined> = {
    name: checkName(form.name, adminLimits.nameMaxLength),
    queueId: form.queueId === null ? { key: 'required' } : undefined,
    greeting:
      [...form.greeting.trim()].length > limits.chatMessageMaxLength
        ? { key: 'tooLong', max: limits.chatMessageMaxLength }
        : undefined,
    answers:
      form.answers.length > assistantLimits.answersMax
        ? { key: 'tooMany', max: assistantLimits.answersMax }
        : undefined,
    handOver:
      form.answers.length > 0 && !form.offerAgent && form.afterMisses === null
        ? { key: 'noWayOut' }
        : undefined,
    afterMisses:
      form.afterMisses === null
        ? undefined
        : checkWholeNumber(form.afterMisses, 1, assistantLimits.missesMax),
  };
  const seen = new Set<string>();
  form.answers.forEach((answer, index) => {
    const question = sameQuestion(answer.label);
    errors[`answers.${index}.label`] =
      checkName(answer.label, assistantLimits.labelMaxLength) ??
      (seen.has(question) ? { key: 'duplicateQuestion' } : undefined);
    seen.add(question);
    errors[`answers.${index}.text`] = checkName(answer.text, limits.chatMessageMaxLength);
    const longKeyword = answer.keywords.find(
      (keyword) => [...keyword.trim()].length > assistantLimits.keywordMaxLength,
    );
    errors[`answers.${index}.keywords`] =
      answer.keywords.length > assistantLimits.keywordsPerAnswerMax
        ? { key: 'tooMany', max: assistantLimits.keywordsPerAnswerMax }
        : longKeyword !== undefined
          ? { key: 'tooLong', max: assistantLimits.keywordMaxLength }
          : undefined;
  });
  return compact(errors);
}

export interface EmailAddressForm {
  address: string;
  displayName: string;
  queueId: string;
  /** Read the address's mail from an IMAP mailbox. */
  imapOn: boolean;
  host: string;
  port: NumberValue;
  tls: boolean;
  user: string;
  /** '' keeps the stored password (editing); required for a new mailbox. */
  password: string;
  folder: string;
  /** Whether a password is stored already (editing an address that has a mailbox). */
  hasPassword: boolean;
}

export function validateEmailAddress(form: EmailAddressForm) {
  const imap = form.imapOn;
  return compact({
    address: checkEmail(form.address),
    displayName:
      [...form.displayName.trim()].length > adminLimits.nameMaxLength
        ? { key: 'tooLong', max: adminLimits.nameMaxLength }
        : undefined,
    queueId: form.queueId === '' ? { key: 'required' } : undefined,
    host: imap ? checkName(form.host, 253) : undefined,
    port: imap ? checkWholeNumber(form.port, 1, 65535) : undefined,
    user: imap ? checkName(form.user, adminLimits.nameMaxLength * 4) : undefined,
    password: imap && !form.hasPassword && form.password === '' ? { key: 'required' } : undefined,
    folder: imap ? checkName(form.folder, 200) : undefined,
  });
}
