/// <reference types="vite/client" />
// Third-party e-mails from shared/corpora/mime (stalwartlabs/mail-parser test suite), found at
// ../shared/corpora beside the project root; a fresh clone without it skips this suite.
import { describe, expect, it } from 'vitest';
import { extractText } from './extract-text.ts';

const emails = import.meta.glob<string>('../../../../../shared/corpora/mime/**/*.eml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const cases = Object.entries(emails).map(([path, raw]) => ({
  name: path.slice(path.indexOf('mime/') + 5),
  raw,
}));

describe.skipIf(cases.length === 0)('third-party e-mails (shared/corpora/mime)', () => {
  it.each(cases)('extracts $name without a crash', async ({ raw }) => {
    const result = await extractText(new TextEncoder().encode(raw), 'message.eml');
    expect(['text', 'unreadable']).toContain(result.status);
  });

  it('reads the body of the well-formed RFC examples', async () => {
    const rfc = cases.filter((c) => c.name.startsWith('rfc/'));
    expect(rfc.length).toBeGreaterThan(0);
    for (const { raw } of rfc) {
      expect((await extractText(new TextEncoder().encode(raw), 'message.eml')).status).toBe('text');
    }
  });
});
