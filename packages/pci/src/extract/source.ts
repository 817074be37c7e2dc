/**
 * A file the scan reads by position, so it never needs the whole file in memory: the server gives
 * one over its temporary file (a file handle), tests and in-memory callers over bytes.
 */
export interface AttachmentSource {
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer only at the end of the file). */
  read(position: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): AttachmentSource {
  return {
    size: bytes.length,
    read: (position, length) =>
      Promise.resolve(bytes.subarray(position, Math.min(bytes.length, position + length))),
  };
}

/** The bytes of `[from, to)` in pieces of at most `pieceSize`, read one after another. */
export async function* readPieces(
  source: AttachmentSource,
  from: number,
  to: number,
  pieceSize = 64 * 1024,
): AsyncGenerator<Uint8Array> {
  for (let at = from; at < to;) {
    const piece = await source.read(at, Math.min(pieceSize, to - at));
    if (piece.length === 0) throw new Error('file ended early');
    yield piece;
    at += piece.length;
  }
}
