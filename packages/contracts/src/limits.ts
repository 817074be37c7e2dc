/** Every limit lives here once; the server enforces it and the UIs show it before it is hit. */
export const limits = {
  /** R-CH-3: a chat message is at most 1000 characters. */
  chatMessageMaxLength: 1000,
  customerNameMaxLength: 120,
  emailMaxLength: 254,
  /** A new password (set by its owner) has at least this many characters. */
  passwordMinLength: 10,
  passwordMaxLength: 200,
  wrapUpReasonsMax: 20,
  /** How many missed events one sync call returns at most; clients page on. */
  syncPageSize: 500,
  /** Earlier contacts per page of a customer's contact history (R-CH-7). */
  contactHistoryPageSize: 20,
  /** The largest `seq` an interaction log can hold (a PostgreSQL integer). */
  seqMax: 2_147_483_647,
  /** The text an email event carries for the conversation view; the whole mail stays stored. */
  emailEventTextMaxLength: 20_000,
  /** An agent's email reply (plain text), in characters. */
  emailReplyMaxLength: 100_000,
  /** Cc recipients of one reply. */
  emailReplyCcMax: 20,
  /** A standard reply's HTML body (and a draft's body), in characters. */
  emailReplyHtmlMaxLength: 200_000,
  /** What a visitor of the email demo page may write (subject and text, in characters). */
  demoEmailSubjectMaxLength: 200,
  demoEmailTextMaxLength: 10_000,
} as const;

/** Characters as people count them (code points, not UTF-16 units): what every limit counts. */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Admin configuration (R-AV-2, R-AV-4, R-AV-7); the server enforces these, the admin UI shows them. */
export const adminLimits = {
  nameMaxLength: 80,
  reasonLabelMaxLength: 80,
  /** Offer timeout (RONA), per channel or per queue, in seconds. */
  offerTimeoutMinSeconds: 5,
  offerTimeoutMaxSeconds: 600,
  /** A chat whose customer has been away this long ends (per channel; admins enter minutes). */
  customerAwayTimeoutMinSeconds: 60,
  customerAwayTimeoutMaxSeconds: 86_400,
  /** R-WU-2: the default wrap-up reason is recorded this long after the wrap-up is owed. */
  wrapUpTimeoutMinSeconds: 5,
  wrapUpTimeoutMaxSeconds: 3600,
  /** Contacts of one channel an agent may hold at once (R-AV-7: 0–5). */
  capacityMax: 5,
  queuePriorityMax: 10,
  reasonOrderMax: 999,
  /** Predefined chat responses (R-CH-4); their text is bounded by `chatMessageMaxLength`. */
  responseTitleMaxLength: 80,
  responseCategoryMaxLength: 40,
  /** Agents load every response at once, so an organisation keeps at most this many. */
  predefinedResponsesMax: 500,
  /** Email templates (R-EM-4): name, category, and the body's HTML in characters. */
  emailTemplateNameMaxLength: 80,
  emailTemplateCategoryMaxLength: 40,
  emailTemplateBodyMaxLength: 50_000,
  emailTemplatesMax: 500,
  /** The highest per-minute limit an admin may set on customers. */
  customerRateMax: 100_000,
} as const;

/** Chat entry points and their virtual assistant (R-CH-2, §7). */
export const assistantLimits = {
  entryPointsMax: 100,
  answersMax: 30,
  labelMaxLength: 80,
  keywordsPerAnswerMax: 20,
  keywordMaxLength: 40,
  /** "No answer matched N times in a row" counts to at most this. */
  missesMax: 10,
} as const;
