import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** What `put` stored: a random key (the only name a blob ever has), its size and SHA-256 (hex). */
export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
}

/**
 * Where file contents live (attachments of chats and emails). One interface, one driver per
 * place: a folder under DATA_DIR for the embedded default, PostgreSQL itself when DATABASE_URL
 * is set (so every node reads what any node wrote). Both stream both ways: no driver holds a
 * whole file in memory. Keys are random and never derived from a file's name.
 */
export interface BlobStore {
  /**
   * Stores the bytes (already in memory, or a stream of them) under a new random key. A failed
   * put leaves nothing behind.
   */
  put(source: Uint8Array | Readable | AsyncIterable<Uint8Array>): Promise<StoredBlob>;
  /** The blob's bytes as a stream; `BlobNotFoundError` when no blob has the key. */
  open(key: string): Promise<Readable>;
  /** Removes the blob; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`No blob with key ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

/** 128 random bits, base64url: safe as a file name and in a URL. */
export function newBlobKey(): string {
  return randomBytes(16).toString('base64url');
}

const keyPattern = /^[A-Za-z0-9_-]{22}$/;

/** A key this store made; anything else (a path, `..`) is refused before it reaches a driver. */
export function isBlobKey(key: string): boolean {
  return keyPattern.test(key);
}

/** Counts and hashes bytes as they pass. */
export class BlobDigest {
  size = 0;
  private readonly hash = createHash('sha256');
  add(chunk: Uint8Array): void {
    this.size += chunk.length;
    this.hash.update(chunk);
  }
  result(key: string): StoredBlob {
    return { key, size: this.size, sha256: this.hash.digest('hex') };
  }
}
