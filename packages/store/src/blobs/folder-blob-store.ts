import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BlobDigest,
  BlobNotFoundError,
  isBlobKey,
  newBlobKey,
  type BlobStore,
  type StoredBlob,
} from './blob-store.ts';

/**
 * Blobs as files in a folder (the embedded default: `DATA_DIR/blobs`), spread over 256
 * sub-folders by the key's first two characters. A put writes `<key>.partial` and renames it
 * when complete, so a crash mid-write never leaves a readable half file under a real key.
 */
export class FolderBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!isBlobKey(key)) throw new BlobNotFoundError(key);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(source: Readable | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const key = newBlobKey();
    const path = this.pathOf(key);
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
    const partial = `${path}.partial`;
    const digest = new BlobDigest();
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        digest.add(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(
        source instanceof Readable ? source : Readable.from(source),
        counter,
        createWriteStream(partial, { flags: 'wx' }),
      );
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return digest.result(key);
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch {
      throw new BlobNotFoundError(key);
    }
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    if (!isBlobKey(key)) return;
    await rm(this.pathOf(key), { force: true });
  }
}
