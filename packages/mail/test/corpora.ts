import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared third-party test material: SANGDAM_CORPORA, or ../shared/corpora beside the repo. */
export function corporaDir(): string | null {
  const dir =
    process.env.SANGDAM_CORPORA ??
    fileURLToPath(new URL('../../../../shared/corpora', import.meta.url));
  return existsSync(dir) ? dir : null;
}
