import { readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpillBuffer } from './spill-buffer.ts';

describe('SpillBuffer', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'spill-test-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps a small message in memory and leaves no file', async () => {
    const buffer = new SpillBuffer(1024, directory);
    await buffer.write(Buffer.from('hello '));
    await buffer.write(Buffer.from('world'));
    expect(buffer.spilled).toBe(false);
    expect((await buffer.read()).toString()).toBe('hello world');
    expect(await readdir(directory)).toEqual([]);
  });

  it('spills past the threshold to a file no one can open by name, and reads it back whole', async () => {
    const buffer = new SpillBuffer(10, directory);
    const parts = ['0123456789', 'abcdefghij', '한국어'].map((part) => Buffer.from(part));
    for (const part of parts) {
      await buffer.write(part);
      if (buffer.spilled) expect(await readdir(directory)).toEqual([]);
    }
    expect(buffer.spilled).toBe(true);
    expect((await buffer.read()).toString()).toBe('0123456789abcdefghij한국어');
    await buffer.discard();
    expect(await readdir(directory)).toEqual([]);
  });
});
