// Character classification shared by the tokenizer, detectors and redaction. Everything works on
// UTF-16 code units so offsets stay valid for the caller's string.

// Separator kinds between digit groups, as small integers so runs can store them in a Uint8Array.
/** Not a separator. */
export const SEP_NONE = 0;
/** Space, no-break, figure, thin, narrow no-break or ideographic space. */
export const SEP_SPACE = 1;
/** Hyphen-minus, Unicode hyphens and dashes, full-width hyphen. */
export const SEP_DASH = 2;
/** Full stop (ASCII or full-width). */
export const SEP_DOT = 3;
/** Slash (ASCII or full-width). */
export const SEP_SLASH = 4;
/** LF, CR or CRLF. */
export const SEP_NEWLINE = 5;

const FULL_WIDTH_ZERO = 0xff10;

/** Value 0–9 of an ASCII or full-width digit, or -1. */
export function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= FULL_WIDTH_ZERO && code <= FULL_WIDTH_ZERO + 9) return code - FULL_WIDTH_ZERO;
  return -1;
}

/** Whether the code unit is an ASCII or full-width digit. */
export function isDigitCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= FULL_WIDTH_ZERO && code <= FULL_WIDTH_ZERO + 9);
}

/** Whether the code unit is an ASCII letter. */
export function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 97 && lower <= 122;
}

/** Whether digits touching this code unit belong to a word or identifier (so are not a number). */
export function isWordJoiner(code: number): boolean {
  return isAsciiLetter(code) || code === 95;
}

/** Separator kind of one code unit (a CR counts as a line break; CRLF is handled by the caller). */
export function separatorKind(code: number): number {
  switch (code) {
    case 0x20:
    case 0xa0:
    case 0x2007:
    case 0x2009:
    case 0x202f:
    case 0x3000:
      return SEP_SPACE;
    case 0x2d:
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0xff0d:
      return SEP_DASH;
    case 0x2e:
    case 0xff0e:
      return SEP_DOT;
    case 0x2f:
    case 0xff0f:
      return SEP_SLASH;
    case 0x0a:
    case 0x0d:
      return SEP_NEWLINE;
    default:
      return SEP_NONE;
  }
}
