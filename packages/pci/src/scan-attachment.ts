import { extractText } from './extract/extract-text.ts';
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
 * Extracts an attachment's text and scans it. 'card-data' means any sensitive finding (card,
 * RRN, SSN, IBAN …); an attachment that cannot be inspected is 'unreadable', never 'clean'.
 */
export async function scanAttachment(
  bytes: Uint8Array,
  fileName: string,
): Promise<AttachmentVerdict> {
  const extracted = await extractText(bytes, fileName);
  if (extracted.status === 'unreadable') {
    return { verdict: 'unreadable', findings: [], reason: extracted.reason };
  }
  const findings = scanText(extracted.text);
  return { verdict: findings.length > 0 ? 'card-data' : 'clean', findings };
}
