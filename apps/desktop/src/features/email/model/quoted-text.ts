/** A plain-text mail split into what the sender wrote and the history they quoted below it. */
export interface SplitText {
  body: string;
  /** Null when nothing is quoted (or everything is, so nothing would be left to show). */
  quoted: string | null;
}

// Lines that introduce quoted history in the common mail clients, in English and Korean.
const attribution = [
  /^On .+ wrote:\s*$/i,
  /^-{2,}\s*(Original Message|Forwarded message|원본 메시지|전달된 메시지)\s*-{2,}\s*$/i,
  /님이 작성:\s*$/,
  /^\d{4}[-./년 ].+<[^>]+@[^>]+>.*(wrote|작성)/i,
];
const outlookHeader = /^(From|보낸 사람)\s*:/i;
const outlookNext = /^(Sent|Date|To|보낸 날짜|날짜|받는 사람)\s*:/i;
const quoteLine = /^\s*>/;

function startsQuote(lines: readonly string[], index: number): boolean {
  const line = lines[index]!;
  if (attribution.some((pattern) => pattern.test(line.trim()))) return true;
  if (outlookHeader.test(line.trim()) && outlookNext.test(lines[index + 1]?.trim() ?? '')) {
    return true;
  }
  // A run of `>` lines that goes on (blank lines aside) to the end of the mail.
  if (!quoteLine.test(line)) return false;
  return lines.slice(index).every((rest) => rest.trim() === '' || quoteLine.test(rest));
}

/** R-EM-7: folds the quoted history at the end of a plain-text mail. */
export function splitQuotedText(text: string): SplitText {
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    if (!startsQuote(lines, index)) continue;
    const body = lines.slice(0, index).join('\n').trimEnd();
    if (body.trim() === '') return { body: text, quoted: null };
    return { body, quoted: lines.slice(index).join('\n') };
  }
  return { body: text, quoted: null };
}
