/**
 * What `npm start`, `npm run preview` and `npm run dist` do before building anything, decided from
 * facts alone (no file system, no network) so every branch can be tested: go on when Electron's
 * binary is there, try to fetch it when it is not, and otherwise stop with one paragraph that says
 * what failed, how to provide the binary, and that the headless mode gives the same dashboard.
 */

export const ELECTRON_COMMANDS = ['start', 'preview', 'dist'] as const;
export type ElectronCommand = (typeof ELECTRON_COMMANDS)[number];

/** The answer of Electron's own installer (node_modules/electron/install.js). */
export type FetchOutcome =
  | { kind: 'fetched' }
  /** ELECTRON_SKIP_BINARY_DOWNLOAD is set: the installer exits at once and fetches nothing. */
  | { kind: 'skipped' }
  /** `detail` is the installer's first error line, e.g. "RequestError: getaddrinfo ENOTFOUND github.com". */
  | { kind: 'failed'; detail: string }
  | { kind: 'timed-out'; seconds: number };

/** Where the installer looks and what it would download, as the runner found them. */
export interface ElectronDownload {
  version: string;
  /** The unpacked Electron: node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH. */
  distFolder: string;
  /** The executable inside it. */
  binaryPath: string;
  /** The release file, e.g. electron-v41.7.1-linux-x64.zip. */
  zipName: string;
  /** The folder of @electron/get's cache where that file is looked up before any download. */
  cacheFolder: string;
}

export interface PreflightFacts {
  command: ElectronCommand;
  download: ElectronDownload;
  binaryPresent: boolean;
  /** Undefined until the installer has been run. */
  fetch: FetchOutcome | undefined;
  /** The dashboard of `npm run demo` / headless mode. */
  dashboardUrl: string;
}

export type Verdict = { kind: 'ready' } | { kind: 'stop'; message: string };
export type PreflightStep = Verdict | { kind: 'fetch' };

export function nextStep(facts: PreflightFacts): PreflightStep {
  if (facts.fetch === undefined) return facts.binaryPresent ? { kind: 'ready' } : { kind: 'fetch' };
  return verdictAfterFetch(facts, facts.fetch);
}

/** After the installer ran, only the binary on disk counts: its exit status alone proves nothing. */
export function verdictAfterFetch(facts: PreflightFacts, fetch: FetchOutcome): Verdict {
  return facts.binaryPresent ? { kind: 'ready' } : { kind: 'stop', message: stopMessage(facts, fetch) };
}

export function commandLine(command: ElectronCommand): string {
  return command === 'start' ? 'npm start' : `npm run ${command}`;
}

function whatFailed(download: ElectronDownload, fetch: FetchOutcome): string {
  const missing = `Electron ${download.version}'s binary is not at ${download.binaryPath}`;
  switch (fetch.kind) {
    case 'fetched':
      return `${missing}, although its installer reported success`;
    case 'skipped':
      return `${missing}, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so its installer fetched nothing`;
    case 'failed':
      return `${missing}, and its installer could not fetch it (${fetch.detail})`;
    case 'timed-out':
      return `${missing}, and its installer had not fetched it after ${fetch.seconds} s`;
  }
}

function stopMessage(facts: PreflightFacts, fetch: FetchOutcome): string {
  const { download, command } = facts;
  const again = commandLine(command);
  const override =
    command === 'dist'
      ? `ELECTRON_OVERRIDE_DIST_PATH=<folder with an unpacked Electron ${download.version}> packages that one instead`
      : `ELECTRON_OVERRIDE_DIST_PATH=<folder with an unpacked Electron ${download.version}> runs that one instead`;
  return [
    `${again} stopped before building anything: ${whatFailed(download, fetch)}.`,
    'Provide it in one of three ways, then run',
    `${again} again: ELECTRON_MIRROR=<mirror URL ending in />, which must hold v${download.version}/${download.zipName}`,
    `(ELECTRON_CUSTOM_DIR='{{ version }}' if its folders have no "v");`,
    `or copy ${download.zipName} into ${download.cacheFolder}/, the installer's download cache`,
    '(electron_config_cache=<folder> moves the cache; the folder name depends on the mirror);',
    `or ${override}.`,
    'Without Electron, `npm run demo` (or `npm run headless -- --source <status server URL>`) serves',
    `the same dashboard in your browser at ${facts.dashboardUrl}.`,
  ].join(' ');
}
