import { builtFrontEnds } from './http/front-ends.ts';
import { precompressDirectory } from './http/precompress.ts';

/** The last step of `npm run build`: brotli and gzip copies of the built front ends' files. */
for (const [name, dir] of Object.entries(builtFrontEnds)) {
  const { files } = await precompressDirectory(dir);
  process.stdout.write(`precompressed ${files} files of the ${name} (brotli, gzip)\n`);
}
