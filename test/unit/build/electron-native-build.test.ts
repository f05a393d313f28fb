import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withNodeBuildSetAside } from '../../../scripts/electron-native-build.js';

/**
 * A stand-in for node_modules/better-sqlite3: its "Node build" is a file in build/Release, and it
 * loads in Node when `loadable` (so the report can be checked both ways).
 */
let moduleDir = '';
const nodeBinary = (): string => join(moduleDir, 'build', 'Release', 'better_sqlite3.node');

function fakeModule(loadable: boolean): void {
  moduleDir = mkdtempSync(join(tmpdir(), 'fake-better-sqlite3-'));
  mkdirSync(join(moduleDir, 'build', 'Release'), { recursive: true });
  writeFileSync(nodeBinary(), 'built for node');
  writeFileSync(join(moduleDir, 'index.js'), loadable ? 'module.exports = () => ({ close() {} });' : "throw new Error('NODE_MODULE_VERSION 145');");
}

/** What electron-builder's rebuild does to the folder. */
function rebuildForElectron(): void {
  writeFileSync(nodeBinary(), 'built for electron');
  writeFileSync(join(moduleDir, 'build', 'Release', '.forge-meta'), 'x64--145');
}

beforeEach(() => fakeModule(true));
afterEach(() => rmSync(moduleDir, { recursive: true, force: true }));

describe("dist puts Node's better-sqlite3 build back", () => {
  it('after the steps succeed, and says which ABI it is built for', () => {
    const reports: string[] = [];
    withNodeBuildSetAside(moduleDir, rebuildForElectron, (sentence) => reports.push(sentence));
    expect(readFileSync(nodeBinary(), 'utf8')).toBe('built for node');
    expect(readdirSync(join(moduleDir, 'build', 'Release'))).toEqual(['better_sqlite3.node']);
    expect(reports).toEqual([`better-sqlite3 is built for Node ${process.versions.node} (ABI ${process.versions.modules}) again, as before.`]);
  });

  it('after a step fails, passing the failure on', () => {
    const reports: string[] = [];
    const failingPackage = (): void => {
      rebuildForElectron();
      throw new Error('electron-builder failed');
    };
    expect(() => withNodeBuildSetAside(moduleDir, failingPackage, (sentence) => reports.push(sentence))).toThrow('electron-builder failed');
    expect(readFileSync(nodeBinary(), 'utf8')).toBe('built for node');
    expect(reports).toHaveLength(1);
  });

  it('says what to run when the module does not load in Node afterwards', () => {
    rmSync(moduleDir, { recursive: true, force: true });
    fakeModule(false);
    const reports: string[] = [];
    withNodeBuildSetAside(moduleDir, rebuildForElectron, (sentence) => reports.push(sentence));
    expect(reports[0]).toContain('does not load in Node');
    expect(reports[0]).toContain('npm run rebuild:node');
  });
});
