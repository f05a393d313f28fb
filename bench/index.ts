/**
 * `npm run bench -- <name> [options]`: each benchmark prints its figures (medians; the machine
 * is shared and noisy). Benchmarks measure; tests assert behaviour.
 */
export const benchmarks: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  aggregate: () => import('./aggregate.js'),
  api: () => import('./api.js'),
  'cli-start': () => import('./cli-start.js'),
  collect: () => import('./collect.js'),
  import: () => import('./import.js'),
};

const [name, ...args] = process.argv.slice(2);
const names = Object.keys(benchmarks);
if (name === undefined || !(name in benchmarks)) {
  console.error(`usage: npm run bench -- <${names.join('|')}> [options]`);
  process.exit(name === undefined ? 0 : 2);
}
const benchmark = await benchmarks[name]!();
await benchmark.run(args);
