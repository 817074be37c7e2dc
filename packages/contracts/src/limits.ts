/** Every limit lives here once; the server enforces it and the UIs show it before it is hit. */
export const limits = {
  /** R-CH-3: a chat message is at most 1000 characters. */
  chatMessageMaxLength: 1000,
  customerNameMaxLength: 120,
  emailMaxLength: 254,
  passwordMaxLength: 200,
  wrapUpReasonsMax: 20,
  /** How many missed events one sync call returns at most; clients page on. */
  syncPageSize: 500,
} as const;

/** Characters as people count them (code points, not UTF-16 units): what every limit counts. */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
