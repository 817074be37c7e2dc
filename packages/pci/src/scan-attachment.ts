import { ChunkedScanner } from './chunked-scan.ts';
import { extractText, isReadableExtension } from './extract/extract-text.ts';
import { bytesSource, type AttachmentSource } from './extract/source.ts';
import { streamerFor } from './extract/stream-text.ts';
import { scanText } from './scan.ts';
import type { Finding } from './types.ts';

/** Verdict on an attachment: deliver it ('clean') or drop it (R-PCI-3). */
export interface AttachmentVerdict {
  verdict: 'clean' | 'card-data' | 'unreadable';
  /** Findings with offsets into the extracted text (never the secrets themselves). */
  findings: Finding[];
  /** Why the attachment could not be inspected, when unreadable. */
  reason?: string;
}

/**
 * The largest file of a type whose parser needs every byte (PDF, legacy Office, RTF, mail) the
 * scan reads into memory when given a source; a larger one is 'unreadable' (the admin's policy on
 * unreadable files decides), so no upload is ever held whole beyond this (issue 10).
 */
export const WHOLE_READ_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Extracts an attachment's text and scans it. 'card-data' means any sensitive finding (card,
 * RRN, SSN, IBAN …); an attachment that cannot be inspected is 'unreadable', never 'clean'.
 *
 * Given a source (a file read by position), text and markup types and zipped Office documents
 * (docx, xlsx, pptx, OpenDocument, XPS) are read as a stream and scanned in overlapping windows:
 * memory of a few pieces, whatever the file's size. Other types (PDF, legacy Office, RTF, mail
 * messages) are read whole: their parsers need all the bytes, so they hold the file (and what
 * its parser makes of it) for the length of the scan — up to WHOLE_READ_MAX_BYTES.
 */
export async function scanAttachment(
  input: Uint8Array | AttachmentSource,
  fileName: string,
): Promise<AttachmentVerdict> {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  const extension = extensionOf(fileName);
  if (!isReadableExtension(extension)) {
    return { verdict: 'unreadable', findings: [], reason: `unsupported file type .${extension}` };
  }
  const streamer = streamerFor(extension);
  if (streamer) {
    let scanner = new ChunkedScanner();
    const problem = await streamer(source, {
      push: (text) => scanner.push(text),
      restart: () => (scanner = new ChunkedScanner()),
    }).catch(() => ({ unreadable: 'damaged file' }));
    if (problem) return { verdict: 'unreadable', findings: [], reason: problem.unreadable };
    return verdictOf(scanner.end());
  }
  if (!(input instanceof Uint8Array) && source.size > WHOLE_READ_MAX_BYTES) {
    const limit = WHOLE_READ_MAX_BYTES / 1024 / 1024;
    return {
      verdict: 'unreadable',
      findings: [],
      reason: `too large to inspect (.${extension} over ${limit} MB)`,
    };
  }
  const bytes = input instanceof Uint8Array ? input : await source.read(0, source.size);
  const extracted = await extractText(bytes, fileName);
  if (extracted.status === 'unreadable') {
    return { verdict: 'unreadable', findings: [], reason: extracted.reason };
  }
  return verdictOf(scanText(extracted.text));
}

function verdictOf(findings: Finding[]): AttachmentVerdict {
  return { verdict: findings.length > 0 ? 'card-data' : 'clean', findings };
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}
