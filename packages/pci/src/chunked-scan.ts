import { scanText } from './scan.ts';
import type { Finding } from './types.ts';

/** Text scanned at once: findings that start in it are this window's to report. */
const WINDOW = 64 * 1024;
/**
 * Each window also sees this much text before and after the part it reports on, so a card number
 * (or IBAN, RRN …) with its context words (`CONTEXT_SPAN`) cut by a window border is still whole
 * in the window that reports it. Far longer than any finding plus its context.
 */
const MARGIN = 512;

/**
 * `scanText` over text that arrives in pieces (a file read as a stream), in memory of one window
 * whatever the text's length. Findings carry offsets into the whole text; each is reported once.
 */
export class ChunkedScanner {
  private buffer = '';
  /** Offset in the whole text of `buffer[0]`. */
  private bufferStart = 0;
  /** Findings that start before this were reported by an earlier window. */
  private reportedTo = 0;
  private readonly found: Finding[] = [];

  push(text: string): void {
    this.buffer += text;
    while (this.buffer.length >= WINDOW + MARGIN) this.scanWindow(false);
  }

  /** The findings of the whole text, sorted by start. */
  end(): Finding[] {
    this.scanWindow(true);
    return this.found;
  }

  private scanWindow(final: boolean): void {
    const text = final ? this.buffer : this.buffer.slice(0, WINDOW + MARGIN);
    const reportsTo = final ? Number.POSITIVE_INFINITY : this.bufferStart + WINDOW;
    for (const finding of scanText(text)) {
      const start = finding.start + this.bufferStart;
      if (start >= this.reportedTo && start < reportsTo) {
        this.found.push({ type: finding.type, start, end: finding.end + this.bufferStart });
      }
    }
    if (final) return;
    const nextStart = reportsTo - MARGIN;
    this.buffer = this.buffer.slice(nextStart - this.bufferStart);
    this.bufferStart = nextStart;
    this.reportedTo = reportsTo;
  }
}

/** Window size of {@link ChunkedScanner}, for tests that put a secret across a border. */
export const CHUNKED_SCAN_WINDOW = WINDOW;
