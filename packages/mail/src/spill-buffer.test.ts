import { watch } from 'node:fs';
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

  it.runIf(process.platform === 'linux')(
    'never gives the spilled message a name in the folder, not even for a moment',
    async () => {
      // 'rename' is inotify's IN_CREATE / IN_DELETE: a name came or went in the folder.
      const named: string[] = [];
      const watcher = watch(directory, (event, name) => {
        if (event === 'rename') named.push(String(name));
      });
      try {
        const buffer = new SpillBuffer(10, directory);
        await buffer.write(Buffer.from('0123456789'));
        await buffer.write(Buffer.from('card 4111 1111 1111 1111'));
        expect(buffer.spilled).toBe(true);
        expect((await buffer.read()).toString()).toContain('4111');
        await buffer.discard();
        // inotify reports asynchronously: give a created-and-unlinked name time to show.
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        watcher.close();
      }
      // A SIGKILL between creating a named file and unlinking it would leave it readable.
      expect(named).toEqual([]);
    },
  );
});
