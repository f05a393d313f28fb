import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server.js';
import { AddressPage } from './pages/address-page.js';
import { AppShell } from './pages/app-shell.js';

/**
 * The desktop app end to end: the real Electron binary starts the built app with a temporary
 * profile, the window shows the dashboard fed by the simulator, and an address lookup answers.
 *
 * Needs the Electron binary, which this team's CI cannot download: the suite is skipped, saying
 * so, when `node_modules/electron` has no binary. Where it runs, better-sqlite3 must be built for
 * Electron first (`npx electron-builder install-app-deps`; `npm run rebuild:node` switches back).
 */
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const electronPackage = join(projectRoot, 'node_modules', 'electron');

/** The binary the electron package downloaded at install time (its path.txt), or null when it did not. */
function electronBinary(): string | null {
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (binary === null) {
  console.warn(
    '[e2e/electron] SKIPPED: the Electron binary is not installed (node_modules/electron/path.txt is missing; ' +
      'installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1 have none). Install it with `node node_modules/electron/install.js` to run this suite.',
  );
}

describe.skipIf(binary === null)('desktop app (Electron)', () => {
  let profile: string;
  let simulator: Simulator;
  let application: ElectronApplication;
  let window: Page;
  let address: string;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: projectRoot, stdio: 'inherit' });
    profile = mkdtempSync(join(tmpdir(), 'driveshare-electron-'));
    simulator = await startSimulator({ port: 0, farmers: 60, seed: 'electron-e2e' });
    const online = (await (await fetch(`${simulator.url}/api/online/json`)).json()) as { farmers: { btc_addr: string }[] };
    address = online.farmers[0]!.btc_addr;
    writeFileSync(
      join(profile, 'settings.json'),
      JSON.stringify({ dataDir: join(profile, 'data'), sourceUrl: simulator.url, intervalSeconds: 10, apiPort: 0, notifications: false }),
    );
    application = await _electron.launch({
      executablePath: binary!,
      args: [projectRoot],
      cwd: projectRoot,
      env: { ...process.env, DRIVESHARE_USER_DATA_DIR: profile } as Record<string, string>,
      timeout: 60_000,
    });
    window = await application.firstWindow();
  }, 180_000);

  afterAll(async () => {
    await application?.close();
    await simulator?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('opens one secure window on the dashboard, served from the app scheme', async () => {
    await window.locator('[data-testid="network-view"]').waitFor({ timeout: 30_000 });
    expect(window.url()).toMatch(/^driveshare:\/\/app\//);
    // The page sees the bridge and nothing of Node.
    expect(await window.evaluate(() => typeof (window as unknown as { driveshare?: unknown }).driveshare)).toBe('object');
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  });

  it('offers the logs folder in Settings, which only the desktop can open', async () => {
    const shell = new AppShell(window, '');
    await shell.navigate('settings');
    await window.locator('[data-testid="open-logs-folder"]').waitFor({ timeout: 10_000 });
    await shell.navigate('network');
  });

  it('looks up an address scraped from the simulator', async () => {
    const shell = new AppShell(window, '');
    await shell.navigate('address');
    const lookup = new AddressPage(window);
    await expect.poll(async () => {
      await lookup.lookup(address);
      return lookup.fact('online-state');
    }, { timeout: 60_000, interval: 2_000 }).toMatch(/Online now/);
  });
});
