import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
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
 * Blobs as files in a folder (the embedded default: `DATA_DIR/blobs`), spread over 4,096
 * sub-folders by the key's first two characters. A put writes `<key>.partial` and renames it
 * when complete, so a crash mid-write never leaves a readable half file under a real key.
 */
export class FolderBlobStore implements BlobStore {
  /** Sub-folders known to exist: made once, not on every put. */
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!isBlobKey(key)) throw new BlobNotFoundError(key);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(source: Uint8Array | Readable | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const key = newBlobKey();
    const path = this.pathOf(key);
    const partial = `${path}.partial`;
    const file = await this.create(key.slice(0, 2), partial);
    const digest = new BlobDigest();
    try {
      if (source instanceof Uint8Array) {
        // Bytes in memory (a received mail's parts): one write, no stream to set up.
        digest.add(source);
        try {
          await file.writeFile(source);
        } finally {
          await file.close();
        }
      } else {
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            digest.add(chunk);
            done(null, chunk);
          },
        });
        await pipeline(
          source instanceof Readable ? source : Readable.from(source),
          counter,
          createWriteStream(partial, { fd: file }),
        );
      }
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return digest.result(key);
  }

  /** Opens a new file in a sub-folder, making the folder the first time (or if it went). */
  private async create(folder: string, path: string): Promise<FileHandle> {
    const folderPath = join(this.root, folder);
    if (this.folders.has(folderPath)) {
      try {
        return await open(path, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.folders.delete(folderPath); // removed from outside since
      }
    }
    await mkdir(folderPath, { recursive: true });
    this.folders.add(folderPath);
    return open(path, 'wx');
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

  /**
   * Removes files nothing names once they were last written before `before` (files of a put in
   * progress are younger; a put writes as it goes): a put's `.partial` file left by a crash, and
   * complete blobs whose naming transaction never committed or whose row went. `named` answers
   * which keys of a batch of up to `batch` a row names; those stay. A file younger than
   * `before` is never touched, nor anything that is not a blob's. Returns how many files went.
   */
  async deleteOrphans(
    before: Date,
    named: (keys: readonly string[]) => Promise<Set<string>>,
    batch: number,
  ): Promise<number> {
    let removed = 0;
    let pending: string[] = [];
    const flush = async () => {
      const keep = await named(pending);
      for (const key of pending) {
        if (keep.has(key)) continue;
        await rm(this.pathOf(key), { force: true });
        removed += 1;
      }
      pending = [];
    };
    for (const folder of await this.entries(this.root)) {
      if (!/^[A-Za-z0-9_-]{2}$/.test(folder)) continue;
      for (const name of await this.entries(join(this.root, folder))) {
        const key = name.endsWith('.partial') ? name.slice(0, -'.partial'.length) : name;
        if (!isBlobKey(key) || key.slice(0, 2) !== folder) continue;
        const path = join(this.root, folder, name);
        const written = await stat(path).then(
          (info) => info.mtimeMs,
          () => undefined, // gone meanwhile
        );
        if (written === undefined || written >= before.getTime()) continue;
        if (name !== key) {
          await rm(path, { force: true });
          removed += 1;
          continue;
        }
        pending.push(key);
        if (pending.length >= batch) await flush();
      }
    }
    if (pending.length > 0) await flush();
    return removed;
  }

  private async entries(folder: string): Promise<string[]> {
    return readdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
  }
}
