// Text of zipped Office documents (OOXML and OpenDocument): pick the parts that hold text,
// unzip only those, and turn their XML into lines.
import { unzipSync } from 'fflate';
import { decodeEntities, markupToText, MarkupStream, type MarkupOptions } from './markup.ts';
import type { AttachmentSource } from './source.ts';
import {
  readZipDirectory,
  readZipDirectoryAt,
  readZipEntry,
  type ZipEntry,
} from './zip-directory.ts';

/** The zipped document families we read. */
export type OfficeFamily = 'word' | 'sheet' | 'slides' | 'opendocument' | 'xps';

/** The extensions of the zipped document families, each with its family. */
export const OFFICE_EXTENSIONS: Readonly<Record<string, OfficeFamily>> = {
  docx: 'word',
  docm: 'word',
  dotx: 'word',
  dotm: 'word',
  xlsx: 'sheet',
  xlsm: 'sheet',
  xltx: 'sheet',
  xltm: 'sheet',
  pptx: 'slides',
  pptm: 'slides',
  ppsx: 'slides',
  potx: 'slides',
  odt: 'opendocument',
  ods: 'opendocument',
  odp: 'opendocument',
  xps: 'xps',
  oxps: 'xps',
};

/** Extraction result for one document: text, or why it could not be read. */
export type OfficeText = { text: string } | { unreadable: string };

// A 25 MB attachment can inflate a lot; past this we refuse rather than exhaust memory.
const MAX_INFLATED_BYTES = 200 * 1024 * 1024;

const PARTS: Readonly<Record<OfficeFamily, RegExp>> = {
  word: /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/,
  sheet: /^xl\/(sharedStrings|worksheets\/[^/]+)\.xml$/,
  slides: /^ppt\/(slides\/slide\d+|notesSlides\/notesSlide\d+)\.xml$/,
  opendocument: /^(content|styles)\.xml$/,
  xps: /\.fpage$/i,
};

const line = (tags: readonly string[], text: string): [string, string][] =>
  tags.map((tag) => [tag, text]);

// Paragraphs and rows become line breaks, cells tabs; runs (<w:t>, <a:t>) join without a gap
// because Word splits words into runs at arbitrary points.
const OFFICE_OPTIONS: MarkupOptions = {
  breaks: Object.fromEntries([
    ...line(['w:p', 'w:br', 'w:cr', 'a:p', 'a:br', 'text:p', 'text:h', 'text:line-break'], '\n'),
    ...line(['row', 'si', 'table:table-row', 'text:list-item'], '\n'),
    ...line(['w:tab', 'w:tc', 'c', 'text:tab', 'text:s', 'table:table-cell'], '\t'),
  ]),
  otherTags: '',
  breakOnCloseOnly: true,
};

/** The entries of `family` that hold text, or why there is nothing to read. */
function textParts(
  entries: readonly ZipEntry[] | undefined,
  family: OfficeFamily,
): ZipEntry[] | { unreadable: string } {
  if (entries === undefined) return { unreadable: 'not a readable ZIP archive' };
  const wanted = entries.filter((e) => PARTS[family].test(e.name));
  if (wanted.length === 0) return { unreadable: `no ${family} content in the archive` };
  if (wanted.some((e) => e.encrypted)) return { unreadable: 'encrypted archive' };
  const inflated = wanted.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (inflated > MAX_INFLATED_BYTES) return { unreadable: 'archive content too large to inspect' };
  return wanted.sort((a, b) => naturalOrder(a.name, b.name));
}

/** Text of a zipped Office document of `family`. */
export function officeToText(bytes: Uint8Array, family: OfficeFamily): OfficeText {
  const wanted = textParts(readZipDirectory(bytes), family);
  if (!Array.isArray(wanted)) return wanted;
  let files: Record<string, Uint8Array>;
  try {
    const names = new Set(wanted.map((e) => e.name));
    files = unzipSync(bytes, { filter: (file) => names.has(file.name) });
  } catch {
    return { unreadable: 'damaged archive' };
  }
  const decoder = new TextDecoder('utf-8');
  const texts = wanted
    .map((e) => e.name)
    .map((name) => {
      const xml = decoder.decode(files[name] ?? new Uint8Array());
      if (family === 'xps') return glyphText(xml);
      return markupToText(
        name.startsWith('xl/worksheets/') ? withoutSharedStringIndexes(xml) : xml,
        OFFICE_OPTIONS,
      );
    });
  return { text: texts.join('\n') };
}

/** A part's XML is handed on in pieces of about this many characters, cut after a tag. */
const PART_PIECE = 64 * 1024;

/**
 * The text of a zipped Office document of `family` in `source`, given to `emit` piece by piece as
 * the parts are read and inflated one after another: memory of a few pieces, not of the file or
 * of a part. Parts are separated by a line break, as {@link officeToText} joins them. Undefined
 * when all was read; otherwise why not (text already emitted is then to be ignored).
 */
export async function streamOfficeText(
  source: AttachmentSource,
  family: OfficeFamily,
  emit: (text: string) => void,
): Promise<{ unreadable: string } | undefined> {
  const wanted = textParts(await readZipDirectoryAt(source), family);
  if (!Array.isArray(wanted)) return wanted;
  let inflated = 0;
  try {
    for (const [index, entry] of wanted.entries()) {
      if (index > 0) emit('\n');
      const worksheet = entry.name.startsWith('xl/worksheets/');
      const markup = new MarkupStream(OFFICE_OPTIONS, emit);
      const convert = (xml: string) =>
        family === 'xps'
          ? emit(glyphText(xml))
          : markup.push(worksheet ? withoutSharedStringIndexes(xml) : xml);
      const decoder = new TextDecoder('utf-8');
      let pending = '';
      for await (const bytes of readZipEntry(source, entry)) {
        inflated += bytes.length;
        if (inflated > MAX_INFLATED_BYTES) {
          return { unreadable: 'archive content too large to inspect' };
        }
        pending += decoder.decode(bytes, { stream: true });
        if (pending.length < PART_PIECE) continue;
        // A worksheet is cut after a whole cell (a shared-string index must not look like text);
        // anything else after a tag (an XPS glyph's text is an attribute: never cut).
        const cut = pieceEnd(pending, worksheet);
        if (cut > 0) {
          convert(pending.slice(0, cut));
          pending = pending.slice(cut);
        }
      }
      convert(pending + decoder.decode());
      markup.end();
    }
  } catch {
    return { unreadable: 'damaged archive' };
  }
  return undefined;
}

/** Where to cut `xml` so the first part ends after a whole construct; 0 when nowhere yet. */
function pieceEnd(xml: string, worksheet: boolean): number {
  if (worksheet) {
    const cell = xml.lastIndexOf('</c>');
    const row = xml.lastIndexOf('</row>');
    const end = Math.max(cell < 0 ? 0 : cell + 4, row < 0 ? 0 : row + 6);
    // A long stretch without cells (a huge inline value) is cut after a tag instead.
    if (end > 0 || xml.length < 16 * PART_PIECE) return end;
  }
  return xml.lastIndexOf('>') + 1;
}

/** XPS pages keep their text in the UnicodeString attribute of each <Glyphs> element. */
function glyphText(page: string): string {
  const lines: string[] = [];
  const marker = 'UnicodeString="';
  for (let at = page.indexOf(marker); at >= 0; at = page.indexOf(marker, at)) {
    const end = page.indexOf('"', at + marker.length);
    if (end < 0) break;
    // A leading "{}" escapes a string that itself starts with "{".
    lines.push(decodeEntities(page.slice(at + marker.length, end).replace(/^\{\}/, '')));
    at = end + 1;
  }
  return lines.join('\n');
}

// slide2.xml before slide10.xml.
function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * A worksheet cell with t="s" holds an index into sharedStrings.xml, not a value; left in, runs
 * of such indexes could read as a card number.
 */
function withoutSharedStringIndexes(xml: string): string {
  const out: string[] = [];
  let pos = 0;
  for (let open = xml.indexOf('<c ', pos); open >= 0; open = xml.indexOf('<c ', pos)) {
    const tagEnd = xml.indexOf('>', open);
    if (tagEnd < 0) break;
    const tag = xml.slice(open, tagEnd);
    const close = xml.indexOf('</c>', tagEnd);
    if (/\st="s"/.test(tag) && !tag.endsWith('/') && close >= 0) {
      out.push(xml.slice(pos, open), '<c>');
      pos = close;
    } else {
      out.push(xml.slice(pos, tagEnd + 1));
      pos = tagEnd + 1;
    }
  }
  out.push(xml.slice(pos));
  return out.join('');
}
