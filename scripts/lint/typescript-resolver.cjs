// Resolves imports for the boundary rule the way TypeScript does: our sources import
// `./file.js` and TypeScript maps it to `./file.ts`, which Node's resolver cannot do.
// Vue single-file components are plain relative paths TypeScript does not resolve on its own.
const { existsSync } = require('node:fs');
const { builtinModules } = require('node:module');
const path = require('node:path');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowJs: true,
  resolveJsonModule: true,
};
const builtins = new Set(builtinModules);

function resolve(source, file) {
  if (source.startsWith('node:') || builtins.has(source)) return { found: true, path: null };
  if (source.endsWith('.vue') && source.startsWith('.')) {
    const target = path.resolve(path.dirname(file), source);
    return existsSync(target) ? { found: true, path: target } : { found: false };
  }
  const { resolvedModule } = ts.resolveModuleName(source, file, compilerOptions, ts.sys);
  return resolvedModule ? { found: true, path: resolvedModule.resolvedFileName } : { found: false };
}

module.exports = { interfaceVersion: 2, resolve };
