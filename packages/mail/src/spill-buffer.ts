import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Linux's O_TMPFILE (`__O_TMPFILE | O_DIRECTORY` on x86-64 and arm64); Node does not export it. */
const O_TMPFILE = 0o20000000 | constants.O_DIRECTORY;

/**
 * A file in `directory` that no one can open by name. On Linux it never has one (O_TMPFILE), so
 * even a SIGKILL at any instant leaves nothing behind; elsewhere (or on a file system without
 * O_TMPFILE) it is unlinked right after it is created.
 */
async function openNameless(directory: string): Promise<FileHandle> {
  if (process.platform === 'linux') {
    try {
      return await open(directory, O_TMPFILE | constants.O_RDWR, 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EOPNOTSUPP' && code !== 'EISDIR' && code !== 'EINVAL') throw error;
    }
  }
  const path = join(directory, `sangdam-mail-${randomUUID()}`);
  const file = await open(path, 'wx+', 0o600);
  await unlink(path);
  return file;
}

/**
 * Holds an incoming message: in memory up to a threshold, then in a temporary file without a
 * name, so only this process's descriptor reaches it and no readable copy survives a crash (the
 * system frees it with the descriptor). Many slow senders of large mail then cost disk, not
 * memory, until each message is complete.
 */
export class SpillBuffer {
  #chunks: Buffer[] = [];
  #file: FileHandle | undefined;
  #size = 0;

  constructor(
    private readonly threshold: number,
    private readonly directory: string = tmpdir(),
  ) {}

  get size(): number {
    return this.#size;
  }

  /** True once the content went to a (nameless) temporary file. */
  get spilled(): boolean {
    return this.#file !== undefined;
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.#file === undefined && this.#size + chunk.length > this.threshold) {
      const file = await openNameless(this.directory);
      this.#file = file;
      for (const held of this.#chunks) await file.write(held);
      this.#chunks = [];
    }
    if (this.#file === undefined) this.#chunks.push(chunk);
    else await this.#file.write(chunk);
    this.#size += chunk.length;
  }

  /** The whole content, in one buffer. */
  async read(): Promise<Buffer> {
    if (this.#file === undefined) return Buffer.concat(this.#chunks, this.#size);
    const content = Buffer.allocUnsafe(this.#size);
    let offset = 0;
    while (offset < this.#size) {
      const { bytesRead } = await this.#file.read(content, offset, this.#size - offset, offset);
      if (bytesRead === 0) throw new Error('the spilled message was cut short');
      offset += bytesRead;
    }
    return content;
  }

  /** Lets go of the content (memory, descriptor). */
  async discard(): Promise<void> {
    this.#chunks = [];
    const file = this.#file;
    this.#file = undefined;
    await file?.close();
  }
}
