/**
 * The import graph of our sources and its cycles. ESLint's boundary rule sees one import at a
 * time, so it can forbid an upward import but not a loop of imports inside one folder; this
 * finds those loops. Imports are read and resolved by TypeScript itself, so `./file.js`
 * reaches `./file.ts` exactly as the compiler sees it, type-only imports included.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const SOURCE_FILE = /\.(ts|vue)$/;
const VUE_SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/g;
const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  resolveJsonModule: true,
};

function sourceFilesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => SOURCE_FILE.test(name) && !name.endsWith('.d.ts'))
    .map((name) => join(folder, name));
}

/** The script of a Vue component, or the whole text of a TypeScript file. */
function scriptOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.vue')) return text;
  return [...text.matchAll(VUE_SCRIPT)].map((match) => match[1] ?? '').join('\n');
}

function resolveImport(specifier: string, file: string): string | null {
  if (specifier.endsWith('.vue')) return specifier.startsWith('.') ? resolve(file, '..', specifier) : null;
  const { resolvedModule } = ts.resolveModuleName(specifier, file, RESOLUTION, ts.sys);
  return resolvedModule && !resolvedModule.isExternalLibraryImport ? resolve(resolvedModule.resolvedFileName) : null;
}

/** Every source file under `folders` (relative to `root`) and the files of ours it imports. */
export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const files = folders.flatMap((folder) => sourceFilesUnder(resolve(root, folder)));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const imports = ts.preProcessFile(scriptOf(file), true, true).importedFiles
      .map((reference) => resolveImport(reference.fileName, file))
      .filter((target): target is string => target !== null && known.has(target));
    graph.set(relative(root, file), [...new Set(imports)].map((target) => relative(root, target)));
  }
  return graph;
}

/** The graph of folders: an edge wherever a file of one folder imports a file of another. */
export function folderGraph(graph: ImportGraph, folderOf: (file: string) => string): ImportGraph {
  const folders = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    const from = folderOf(file);
    const targets = folders.get(from) ?? new Set<string>();
    for (const target of imports) if (folderOf(target) !== from) targets.add(folderOf(target));
    folders.set(from, targets);
  }
  return new Map([...folders].map(([folder, targets]) => [folder, [...targets]]));
}

/** Each set of nodes that import one another, directly or around a loop (Tarjan's algorithm). */
export function cyclesOf(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    lowest.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowest.set(node, Math.min(lowest.get(node) ?? 0, lowest.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowest.set(node, Math.min(lowest.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowest.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
