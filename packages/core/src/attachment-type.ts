/**
 * Whether a file's content is of the kind its extension names (R-CH-5: extension allow-list
 * AND content sniffing). `detected` is what a content sniffer (file-type) found from the magic
 * bytes, by its extension name, or undefined when the bytes have no known signature (plain
 * text, HTML, MIME mail …). A renamed executable is detected as `exe` (or `elf`, `macho` …) and
 * fits no extension here.
 */
const zipContainers = new Set([
  'zip', 'docx', 'xlsx', 'pptx', 'docm', 'xlsm', 'pptm', 'dotx', 'dotm', 'xltx', 'xltm', 'potx',
  'potm', 'ppsx', 'ppsm', 'odt', 'ods', 'odp', 'ott', 'ots', 'otp', 'xps', 'oxps',
]); // prettier-ignore
/** OLE compound files (legacy Office, Outlook .msg, Publisher); never `msi`, an installer. */
const compoundFiles = new Set(['cfb', 'doc', 'xls', 'ppt', 'msg', 'pub']);
/** Signatures a text document may carry (an XML declaration, an HTML doctype). */
const textSignatures = new Set(['xml', 'html']);

const zipExtensions = [
  'docx', 'dotx', 'dotm', 'docm', 'xlsx', 'xlsm', 'xltx', 'xltm', 'xlam', 'xlsb', 'pptx', 'pptm',
  'ppam', 'ppsx', 'potx', 'odt', 'ods', 'odp', 'xps', 'oxps', 'zip',
]; // prettier-ignore
const compoundExtensions = ['doc', 'dot', 'xls', 'xlt', 'ppt', 'pps', 'pot', 'pub', 'msg'];
const textExtensions = [
  'txt', 'csv', 'tsv', 'html', 'htm', 'mhtml', 'mht', 'shtml', 'xml', 'xhtml', 'eml', 'pdfxml',
  'dothtml', 'pothtml', 'ppthtml', 'pptmhtml', 'pptxml', 'pubhtml', 'pubmhtml', 'xlhtml',
  'xlthtml', 'json', 'md', 'log',
]; // prettier-ignore

type Rule = (detected: string | undefined) => boolean;
const rules = new Map<string, Rule>([
  ...zipExtensions.map((ext): [string, Rule] => [ext, (d) => d !== undefined && zipContainers.has(d)]),
  ...compoundExtensions.map((ext): [string, Rule] => [ext, (d) => d !== undefined && compoundFiles.has(d)]),
  ...textExtensions.map((ext): [string, Rule] => [ext, (d) => d === undefined || textSignatures.has(d)]),
  ['pdf', (d) => d === 'pdf'],
  ['rtf', (d) => d === 'rtf'],
  ['jpg', (d) => d === 'jpg'],
  ['jpeg', (d) => d === 'jpg'],
  ['png', (d) => d === 'png'],
  ['gif', (d) => d === 'gif'],
  ['webp', (d) => d === 'webp'],
]); // prettier-ignore

/** MIME messages: text headers, but a part may be 8-bit binary (NUL bytes and all). */
const mimeMessages = ['eml', 'mht', 'mhtml'];

/**
 * Text kinds: what has no signature must also look like text (see `looksLikeText`). Not MIME
 * messages, whose binary parts may hold any byte; their signature check still refuses a program.
 */
export function isTextExtension(extension: string): boolean {
  return textExtensions.includes(extension) && !mimeMessages.includes(extension);
}

export function contentFitsExtension(extension: string, detected: string | undefined): boolean {
  const rule = rules.get(extension);
  // An extension an admin added that we know nothing of: its own signature, or none.
  if (!rule) return detected === undefined || detected === extension;
  return rule(detected);
}

/**
 * Whether the first bytes of a file read as text: no NUL byte (binary formats without a known
 * signature have them early), unless a UTF-16 byte order mark says it is UTF-16.
 */
export function looksLikeText(head: Uint8Array): boolean {
  if (
    head.length >= 2 &&
    ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
  ) {
    return true;
  }
  return !head.includes(0);
}
