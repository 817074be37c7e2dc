export type * from './types.ts';
export { parseMail, messageIds } from './parse.ts';
export type { ParseOptions } from './parse.ts';
export { classifyMail } from './classify.ts';
export type { ClassifyInput, Classification } from './classify.ts';
export { sanitizeMailHtml, textOfHtml } from './sanitize.ts';
