/**
 * Fails (exit 1) when files or folders of ours import one another in a loop; part of `npm run
 * lint`. The layer rule itself is ESLint's (scripts/lint/boundaries.js); see
 * docs/architecture.md, "How the rule is enforced".
 */
import { fileURLToPath } from 'node:url';
import { cyclesOf, folderGraph, importGraph } from './import-graph.js';

const SOURCE_FOLDERS = ['main', 'shared', 'renderer'];

/** `main/<folder>` for the engine's folders, else the top-level folder. */
export function layerFolderOf(file: string): string {
  const [top = '', second = ''] = file.split(/[\\/]/);
  return top === 'main' ? `${top}/${second}` : top;
}

export function importCycleReport(root: string, folders: readonly string[] = SOURCE_FOLDERS): string[] {
  const graph = importGraph(root, folders);
  const moduleCycles = cyclesOf(graph).map((cycle) => `files import one another: ${cycle.join(' ⇄ ')}`);
  const folderCycles = cyclesOf(folderGraph(graph, layerFolderOf)).map((cycle) => `folders import one another: ${cycle.join(' ⇄ ')}`);
  return [...moduleCycles, ...folderCycles];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = importCycleReport(fileURLToPath(new URL('../..', import.meta.url)));
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
}
