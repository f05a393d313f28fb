/**
 * The entry of a worker thread whose module `name` lies beside the calling module (`callerUrl`,
 * its `import.meta.url`). Built, that is `<name>.js`. From TypeScript sources (tsx: CLI, tests,
 * benchmarks) `execArgv: ['--import', 'tsx']` does not reach worker threads on Node 20, so a
 * one-line bootstrap registers tsx's loader inside the thread, then imports `<name>.ts`.
 */
export function workerEntry(callerUrl: string, name: string): URL {
  if (!callerUrl.endsWith('.ts')) return new URL(`./${name}.js`, callerUrl);
  const loader = import.meta.resolve('tsx/esm/api');
  const worker = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap = `import { register } from ${JSON.stringify(loader)}; register(); await import(${JSON.stringify(worker)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}
