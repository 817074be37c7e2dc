import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const compressible = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map']);
/** Smaller files gain less than the extra request headers cost. */
const minimumBytes = 1024;

const encoders = {
  '.br': (data: Buffer) =>
    promisify(brotliCompress)(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  '.gz': (data: Buffer) => promisify(gzip)(data, { level: constants.Z_BEST_COMPRESSION }),
};

/**
 * Writes `name.br` and `name.gz` beside every text file of a built front end, once, at build
 * time: the server then sends them as they are to browsers that accept them (no CPU per
 * request). A compressed copy that would not be smaller is not written.
 */
export async function precompressDirectory(dir: string): Promise<{ files: number }> {
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !compressible.has(extname(entry.name))) continue;
    const path = join(entry.parentPath, entry.name);
    const data = await readFile(path);
    if (data.length < minimumBytes) continue;
    for (const [suffix, encode] of Object.entries(encoders)) {
      const encoded = await encode(data);
      if (encoded.length < data.length) await writeFile(`${path}${suffix}`, encoded);
    }
    files += 1;
  }
  return { files };
}
