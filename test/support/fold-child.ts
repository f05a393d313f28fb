import { spawn } from 'node:child_process';

/**
 * Runs a folding child script (it prints "folding" when it starts and "done" when it finished) on
 * `file`, and SIGKILLs it `delayMs` after it starts folding (null: lets it finish). Resolves
 * whether it finished, and how long it folded (from "folding" to "done" or the kill).
 */
export function runFoldChild(script: string, file: string, delayMs: number | null): Promise<{ finished: boolean; foldMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let foldingSince = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      const before = output;
      output += chunk.toString();
      if (!before.includes('folding') && output.includes('folding')) {
        foldingSince = performance.now();
        if (delayMs !== null) setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ finished: output.includes('done'), foldMs: performance.now() - foldingSince }));
  });
}
