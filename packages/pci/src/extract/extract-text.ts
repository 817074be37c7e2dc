import { decodeText } from './decode-text.ts';
import { MARKUP_EXTENSIONS, markupToText, type MarkupOptions } from './markup.ts';
import { excelText, powerPointText, readLegacy, wordText } from './legacy-office.ts';
import { mimeToText, type NestedExtractor } from './mime.ts';
import { perExtension } from './extensions.ts';
import { OFFICE_EXTENSIONS, officeToText, type OfficeFamily } from './office.ts';
import { outlookMessageText } from './outlook-message.ts';
import { pdfToText } from './pdf.ts';
import { rtfToText } from './rtf.ts';

/** Text extracted from an attachment, or the reason it could not be read. */
export type ExtractedText =
  { status: 'text'; text: string } | { status: 'unreadable'; reason: string };

type Reader = (bytes: Uint8Array, depth: number) => Promise<ExtractedText>;

// An .eml inside an .eml inside …: deeper than this is an attack, not mail.
const MAX_NESTING = 4;

const text = (value: string): ExtractedText => ({ status: 'text', text: value });
const unreadable = (reason: string): ExtractedText => ({ status: 'unreadable', reason });

const markup =
  (options: MarkupOptions | null): Reader =>
  (bytes) => {
    const decoded = decodeText(bytes);
    return Promise.resolve(text(options ? markupToText(decoded, options) : decoded));
  };
const rtf: Reader = (bytes) => Promise.resolve(text(rtfToText(bytes)));
const office =
  (family: OfficeFamily): Reader =>
  (bytes) => {
    const result = officeToText(bytes, family);
    return Promise.resolve('text' in result ? text(result.text) : unreadable(result.unreadable));
  };
const pdf: Reader = async (bytes) => {
  const result = await pdfToText(bytes);
  return 'text' in result ? text(result.text) : unreadable(result.unreadable);
};
// Attachments inside a message: unknown types are skipped (they hold no text we could read), but
// a readable type that fails to read makes the whole message unreadable.
function nestedReader(depth: number, onFailure: (reason: string) => void): NestedExtractor {
  return async (nested, fileName) => {
    if (!(extensionOf(fileName) in READERS)) return '';
    const result = await extract(nested, fileName, depth + 1);
    if (result.status === 'text') return result.text;
    onFailure(`attachment ${fileName}: ${result.reason}`);
    return undefined;
  };
}

const mime: Reader = async (bytes, depth) => {
  let failure = 'unreadable attachment';
  const body = await mimeToText(
    bytes,
    nestedReader(depth, (reason) => (failure = reason)),
  );
  return body === undefined ? unreadable(failure) : text(body);
};
const msg: Reader = async (bytes, depth) => {
  let failure = '';
  const result = await outlookMessageText(
    bytes,
    nestedReader(depth, (reason) => (failure = reason)),
  );
  if ('text' in result) return text(result.text);
  return unreadable(failure || result.unreadable);
};
const legacy =
  (streams: readonly string[], read: Parameters<typeof readLegacy>[2]): Reader =>
  (bytes) => {
    const result = readLegacy(bytes, streams, read);
    return Promise.resolve('text' in result ? text(result.text) : unreadable(result.unreadable));
  };
const doc = legacy(['WordDocument'], wordText);
const xls = legacy(['Workbook', 'Book'], (stream) => excelText(stream));
const ppt = legacy(['PowerPoint Document'], (stream) => powerPointText(stream));

// The seed's allowed attachment types that we can read, plus the admin-optional docx/pptx/csv.
const READERS: Readonly<Record<string, Reader>> = {
  ...perExtension(MARKUP_EXTENSIONS, markup),
  eml: mime,
  mht: mime,
  mhtml: mime,
  pptmhtml: mime,
  pubmhtml: mime,
  rtf,
  ...perExtension(OFFICE_EXTENSIONS, office),
  pdf,
  doc,
  dot: doc,
  xls,
  xlt: xls,
  ppt,
  pps: ppt,
  pot: ppt,
  msg,
};

/** Whether files with this extension (lower case, no dot) have a reader. */
export function isReadableExtension(extension: string): boolean {
  return Object.hasOwn(READERS, extension);
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function extract(bytes: Uint8Array, fileName: string, depth: number): Promise<ExtractedText> {
  const ext = extensionOf(fileName);
  const reader = READERS[ext];
  if (reader === undefined) return Promise.resolve(unreadable(`unsupported file type .${ext}`));
  if (depth > MAX_NESTING) return Promise.resolve(unreadable('attachments nested too deeply'));
  return reader(bytes, depth);
}

/**
 * Extracts the text of an attachment, chosen by its file extension. Never throws: anything that
 * cannot be read (unknown type, encrypted, damaged) comes back as `unreadable` with a reason.
 */
export async function extractText(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  try {
    return await extract(bytes, fileName, 0);
  } catch {
    return unreadable('damaged file');
  }
}
