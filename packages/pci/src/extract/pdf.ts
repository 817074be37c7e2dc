// PDF text through unpdf (PDF.js built for any JavaScript runtime, no native code). Loaded on
// first use so chat-only users of this package never download PDF.js.

/** Text of a PDF, or why it could not be read. */
export type PdfText = { text: string } | { unreadable: string };

const PDF_MAGIC = '%PDF-';
// Real files may carry a little junk before the header; PDF readers look within the first 1 KB.
const HEADER_WINDOW = 1024;

/** Extracts the text layer of every page. */
export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  if (!hasPdfHeader(bytes)) return { unreadable: 'not a PDF file' };
  const { extractText, getDocumentProxy } = await import('unpdf');
  try {
    // PDF.js may transfer (detach) the buffer it is given, so it gets a copy; a plain Uint8Array,
    // as a Node Buffer (what a file read gives) is not one PDF.js reads ("damaged PDF").
    const pdf = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,
      isEvalSupported: false,
    });
    try {
      const { text } = await extractText(pdf, { mergePages: true });
      return { text };
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return { unreadable: name === 'PasswordException' ? 'encrypted PDF' : 'damaged PDF' };
  }
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, HEADER_WINDOW));
  return head.includes(PDF_MAGIC);
}
