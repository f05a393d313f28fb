import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Packager } from 'electron-builder';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Loads and validates electron-builder.yml the way `electron-builder` does before it packages
 * anything, through its public `Packager.validateConfig` (no download, no Electron binary), then
 * checks what the packaging must do.
 */
const projectDir = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'driveshare-builder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The project's configuration with `extra` appended, written to a scratch file electron-builder is pointed at. */
function validateWith(extra: string): Promise<void> {
  const file = join(scratch, `electron-builder-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, `${readFileSync(join(projectDir, 'electron-builder.yml'), 'utf8')}\n${extra}\n`);
  return new Packager({ projectDir, config: file }).validateConfig();
}

/** Width and height from a PNG's IHDR chunk; throws if the file is not a PNG. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(new URL(file, `file://${projectDir}`));
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function targetNames(targets: unknown): string[] {
  const list = Array.isArray(targets) ? targets : [targets];
  return list.map((target) => (typeof target === 'string' ? target : (target as { target: string }).target));
}

describe('electron-builder.yml', async () => {
  const packager = new Packager({ projectDir });
  await packager.validateConfig();
  const config = packager.config;

  it('is accepted by electron-builder, which rejects options it does not know or of the wrong type', async () => {
    await expect(validateWith('')).resolves.toBeUndefined();
    await expect(validateWith('notAnOption: true')).rejects.toThrow(/unknown property 'notAnOption'/);
    await expect(validateWith('compression: [1]')).rejects.toThrow(/configuration.compression should be/);
  });

  it('names the app', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
    expect(config.productName).toBe('driveshare-graph');
  });

  it('builds AppImage and deb on Linux, nsis on Windows, dmg on macOS', () => {
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
  });

  it('rebuilds native modules for Electron and keeps better-sqlite3 outside the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('points at icons that exist: a 512×512 app icon and tray icons per health state', () => {
    for (const platform of [config.linux, config.win, config.mac]) expect(platform?.icon).toBe('resources/icon.png');
    expect(pngSize('resources/icon.png')).toEqual({ width: 512, height: 512 });
    for (const state of ['healthy', 'warning', 'error']) {
      expect(pngSize(`resources/tray-${state}.png`)).toEqual({ width: 32, height: 32 });
      expect(pngSize(`resources/tray-${state}@2x.png`)).toEqual({ width: 64, height: 64 });
    }
  });

  it('packages the built bundles the package.json entry points at', () => {
    const packageJson = JSON.parse(readFileSync(`${projectDir}package.json`, 'utf8')) as { main: string };
    expect(packageJson.main).toBe('out/main/index.js');
    // electron-builder normalises `files` into file sets; the pattern must survive that.
    expect(JSON.stringify(config.files)).toContain('"out/**"');
    // The compiled command line stays out of the installers.
    expect(JSON.stringify(config.files)).toContain('"!out/cli/**"');
  });
});
