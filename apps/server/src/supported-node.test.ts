import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const readJson = (relative: string) =>
  JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
    engines?: { node?: string };
    packages?: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
  };

/** The Node lines Sangdam supports: the first release of each that it runs on, and a late one. */
const supported = ['20.19.0', '20.99.0', '22.13.0', '22.99.0', '24.0.0', '24.99.0'];

describe('the Node versions Sangdam supports', () => {
  const declared = readJson('../../../package.json').engines?.node ?? '';

  it('are the ones package.json declares', () => {
    for (const version of supported)
      expect(semver.satisfies(version, declared), version).toBe(true);
    expect(semver.satisfies('18.20.0', declared)).toBe(false);
  });

  it('include the Node running this test', () => {
    expect(semver.satisfies(process.versions.node, declared), process.versions.node).toBe(true);
  });

  it('are allowed by every installed package', () => {
    const { packages = {} } = readJson('../../../package-lock.json');
    const excluding = Object.entries(packages).flatMap(([path, pkg]) => {
      // Old lockfile entries may hold engines as an array; only the object form names Node.
      const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (!path || !range) return [];
      const refused = supported.filter((version) => !semver.satisfies(version, range));
      return refused.length > 0 ? [`${path}@${pkg.version} wants node ${range}`] : [];
    });
    expect(excluding).toEqual([]);
  });
});
