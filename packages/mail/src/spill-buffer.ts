import { randomUUID } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Holds an incoming message: in memory up to a threshold, then in a temporary file that is
 * unlinked as soon as it is opened, so only this process's descriptor reaches it and no readable
 * copy survives a crash (the system frees it with the descriptor). Many slow senders of large
 * mail then cost disk, not memory, until each message is complete.
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
      const path = join(this.directory, `sangdam-mail-${randomUUID()}`);
      const file = await open(path, 'wx+', 0o600);
      this.#file = file;
      await unlink(path);
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
