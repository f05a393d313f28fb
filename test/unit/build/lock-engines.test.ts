import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` warns (EBADENGINE) for every locked package whose `engines.node` leaves out the Node
 * the project runs on. The project's Node is the `.nvmrc` line narrowed by package.json's
 * `engines.node`; every locked package must accept all of it.
 */
interface Semver {
  subset(sub: string, dom: string): boolean;
  validRange(range: string): string | null;
  minVersion(range: string): { version: string } | null;
}
interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

// semver ships without types and comes in through npm's own dependency tree (node-abi, electron-builder).
const semver = createRequire(import.meta.url)('semver') as Semver;
const root = new URL('../../../', import.meta.url);
const readText = (path: string): string => readFileSync(new URL(path, root), 'utf8');

function supportedNode(): string {
  const nvmrc = readText('.nvmrc').trim();
  const engines = (JSON.parse(readText('package.json')) as { engines: { node: string } }).engines.node;
  return `${nvmrc}.x ${engines}`;
}

/** Each `path@version wants range` whose engines.node does not contain every version of `supported`. */
function excluding(packages: Record<string, LockEntry>, supported: string): string[] {
  return Object.entries(packages).flatMap(([path, entry]) => {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (range === undefined) return [];
    const accepted = semver.validRange(range) !== null && semver.subset(supported, range);
    return accepted ? [] : [`${path}@${entry.version ?? '?'} wants node ${range}`];
  });
}

describe('locked packages and the supported Node', () => {
  it('.nvmrc names a Node major that package.json engines accepts', () => {
    expect(readText('.nvmrc').trim()).toMatch(/^\d+$/);
    // A range both sides cannot meet (say .nvmrc 18 with engines >=20.19) has no lowest version.
    expect(semver.minVersion(supportedNode())?.version).toMatch(new RegExp(`^${readText('.nvmrc').trim()}\\.`));
  });

  it('finds a package that wants a newer Node, and accepts one that allows the whole line', () => {
    const packages = {
      'node_modules/new-only': { version: '1.0.0', engines: { node: '>=22.12.0' } },
      'node_modules/either': { version: '2.0.0', engines: { node: '^20.17.0 || >=22.9.0' } },
      'node_modules/untyped': { version: '3.0.0' },
    };
    expect(excluding(packages, '20.x >=20.19')).toEqual(['node_modules/new-only@1.0.0 wants node >=22.12.0']);
  });

  it('every package in package-lock.json accepts every Node the project supports', () => {
    const lock = JSON.parse(readText('package-lock.json')) as { packages: Record<string, LockEntry> };
    expect(excluding(lock.packages, supportedNode())).toEqual([]);
  });
});
