import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import boundaries from '../../../scripts/lint/boundaries.js';
import { importCycleReport } from '../../../scripts/lint/check-import-cycles.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The boundary rule alone, over text placed at `file` (the targets it imports are real files). */
async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries],
  });
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('the boundary rule', () => {
  it.each([
    ['the renderer importing main', 'renderer/lib/violation.ts', "import '../../main/store/raw-store.js';"],
    ['shared importing main', 'shared/violation.ts', "import '../main/store/raw-store.js';"],
    ['a lower layer importing an upper one', 'main/store/violation.ts', "import '../api/server.js';"],
    ['the jobs importing the engine', 'main/jobs/violation.ts', "import '../engine/engine.js';"],
    ['a folder importing a sibling on its own layer', 'main/importers/violation.ts', "import '../jobs/fold.js';"],
    ['the engine importing Electron', 'main/engine/violation.ts', "import { app } from 'electron';\nexport const quit = app.quit;"],
    ['the engine importing the desktop shell', 'main/engine/violation.ts', "import '../electron/window-security.js';"],
  ])('refuses %s', async (_what, file, source) => {
    const errors = await boundaryErrors(file, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^boundaries\/dependencies: /);
  });

  it.each([
    ['an upper layer importing a lower one', 'main/api/allowed.ts', "import '../store/raw-store.js';\nimport '../../shared/errors.js';"],
    ['the renderer importing shared and its own files', 'renderer/lib/allowed.ts', "import '../../shared/errors.js';\nimport './format.js';"],
    ['the desktop shell importing Electron and the engine', 'main/electron/allowed.ts', "import 'electron';\nimport '../engine/engine.js';"],
    ['any layer importing packages and Node', 'main/store/allowed.ts', "import 'mongodb';\nimport 'node:fs';"],
  ])('allows %s', async (_what, file, source) => {
    expect(await boundaryErrors(file, source)).toEqual([]);
  });
});

describe('the import-cycle check', () => {
  const fixture = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  function write(file: string, text: string): void {
    mkdirSync(dirname(join(fixture, file)), { recursive: true });
    writeFileSync(join(fixture, file), text);
  }

  it('reports nothing for imports that only go one way', () => {
    write('main/a/one.ts', "import './two.js';\nimport '../b/three.js';\n");
    write('main/a/two.ts', 'export const two = 2;\n');
    write('main/b/three.ts', "import type { X } from '../../shared/x.js';\nexport type Y = X;\n");
    write('shared/x.ts', 'export type X = number;\n');
    expect(importCycleReport(fixture, ['main', 'shared'])).toEqual([]);
  });

  it('reports files that import one another, type-only imports and Vue scripts included', () => {
    write('renderer/Loop.vue', "<template><p /></template>\n<script setup lang=\"ts\">\nimport './loop.js';\n</script>\n");
    write('renderer/loop.ts', "import type {} from './Loop.vue';\n");
    expect(importCycleReport(fixture, ['renderer'])).toEqual([
      'files import one another: renderer/Loop.vue ⇄ renderer/loop.ts',
    ]);
  });

  it('reports folders that import one another even when no two files do', () => {
    write('main/b/four.ts', "import '../a/two.js';\n");
    expect(importCycleReport(fixture, ['main', 'shared'])).toEqual([
      'folders import one another: main/a ⇄ main/b',
    ]);
  });
});
