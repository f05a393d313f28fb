import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A module-resolution hook (node:module `register`) that appends every URL the process resolves
 * to the file named by $RESOLVED_LOG: ES modules and, through Node's ESM loader, the entry of
 * each package they import. No flag or tracing output of Node's own is involved.
 */
const HOOKS = [
  "import { appendFileSync } from 'node:fs';",
  'export async function resolve(specifier, context, next) {',
  '  const resolved = await next(specifier, context);',
  "  appendFileSync(process.env.RESOLVED_LOG, resolved.url + '\\n');",
  '  return resolved;',
  '}',
].join('\n');
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** The package names in a resolved URL's node_modules path (`@scope/name` or `name`). */
function packageOf(url: string): string | null {
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return match?.[1] ?? null;
}

export interface RecordedRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every package the run loaded, by name. */
  packages: Set<string>;
}

/** Runs `node <script> <args>` and lists the packages it loaded. */
export async function packagesLoadedBy(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RecordedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'resolved-'));
  const log = join(dir, 'resolved.txt');
  try {
    const nodeArgs = ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, script, ...args];
    let outcome: { code: number; stdout: string; stderr: string };
    try {
      const { stdout, stderr } = await run(process.execPath, nodeArgs, { env: { ...process.env, ...env, RESOLVED_LOG: log }, timeout: 60_000 });
      outcome = { code: 0, stdout, stderr };
    } catch (error) {
      outcome = error as { code: number; stdout: string; stderr: string };
    }
    let urls: string[] = [];
    try {
      urls = readFileSync(log, 'utf8').split('\n');
    } catch {
      // Nothing was resolved through the hook: no package was loaded either.
    }
    const packages = new Set(urls.map(packageOf).filter((name): name is string => name !== null));
    return { code: outcome.code, stdout: outcome.stdout, stderr: outcome.stderr, packages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
