import { parseMail } from './parse.ts';
import type { RedactMailOptions } from './redact-mail.ts';
import { screenMail, type ScreenedMail } from './screen-mail.ts';
import type { SizeRuleOptions } from './size-rule.ts';

/** How a received mail is screened: the channel's size rule and PCI policy, and its envelope. */
export interface ReceiveOptions {
  /** MAIL FROM of the SMTP envelope (null for `<>`), when known. */
  envelopeFrom?: string | null | undefined;
  sizeRule: SizeRuleOptions;
  pci: RedactMailOptions;
}

export type ReceiveResult =
  /** The parser could not read the message at all (the caller refuses it). */
  | { status: 'unreadable' }
  /**
   * Parsed and screened. `raw` is the message as received, handed back (a worker thread takes it
   * over while it works, see MailWorkerPool).
   */
  | { status: 'screened'; screened: ScreenedMail; raw: Uint8Array };

/**
 * A received mail from bytes to the one form of it the server keeps: parsed (`parseMail`), then
 * screened (`screenMail`: size rule, PCI redaction, the rebuilt original). Pure: no I/O. The
 * same function runs in-process and in a mail worker thread.
 */
export async function receiveMail(
  raw: Uint8Array,
  options: ReceiveOptions,
): Promise<ReceiveResult> {
  let parsed;
  try {
    parsed = await parseMail(raw, { envelopeFrom: options.envelopeFrom });
  } catch {
    return { status: 'unreadable' };
  }
  const screened = await screenMail(parsed, raw, options.sizeRule, options.pci);
  return { status: 'screened', screened, raw };
}

/**
 * The memory a message between threads can move rather than copy: each distinct ArrayBuffer that
 * one of `views` covers whole. A view of part of a buffer (a small Buffer in Node's shared pool,
 * a slice) is copied instead: moving it would take its neighbours' bytes away too.
 */
export function movableBuffers(views: readonly (Uint8Array | undefined)[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const view of views) {
    if (view === undefined || !(view.buffer instanceof ArrayBuffer)) continue;
    if (
      view.byteOffset === 0 &&
      view.byteLength === view.buffer.byteLength &&
      view.byteLength > 0
    ) {
      buffers.add(view.buffer);
    }
  }
  return [...buffers];
}

/** The buffers of a result that move back from a worker: the raw message, the rebuilt one, files. */
export function movableBuffersOf(result: ReceiveResult): ArrayBuffer[] {
  if (result.status !== 'screened') return [];
  return movableBuffers([
    result.raw,
    result.screened.raw,
    ...result.screened.mail.attachments.map((attachment) => attachment.content),
  ]);
}
