import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The shared third-party test material: SANGDAM_CORPORA, or ../shared/corpora beside the repo. */
export function corporaDir(): string | null {
  const dir =
    process.env.SANGDAM_CORPORA ??
    fileURLToPath(new URL('../../../../shared/corpora', import.meta.url));
  return existsSync(dir) ? dir : null;
}

/** The big list of naughty strings, or [] when the corpora are absent (a fresh clone). */
export function naughtyStrings(): string[] {
  const dir = corporaDir();
  if (!dir) return [];
  return JSON.parse(readFileSync(join(dir, 'naughty-strings', 'blns.json'), 'utf8')) as string[];
}
