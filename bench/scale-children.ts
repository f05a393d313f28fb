/**
 * Starts one child process of the scale benchmark (bench/scale-child.ts) per request and waits
 * for its answer; a child that fails or ends without answering is an error saying which request.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChildMessage, ScaleAnswers, ScaleRequest } from './scale-protocol.js';

const CHILD = join(import.meta.dirname, 'scale-child.ts');

type RequestFor<M extends keyof ScaleAnswers> = Extract<ScaleRequest, { mode: M }>;

export function runChild<M extends keyof ScaleAnswers>(request: RequestFor<M>): Promise<ScaleAnswers[M]> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(request)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let message: ChildMessage<ScaleAnswers[M]> | null = null;
    child.once('message', (received) => {
      message = received as ChildMessage<ScaleAnswers[M]>;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (message?.ok === true) resolve(message.answer);
      else if (message?.ok === false) reject(new Error(`scale child (${request.mode} ${request.file}) failed: ${message.error}`));
      else reject(new Error(`scale child (${request.mode} ${request.file}) ended (${signal ?? `exit status ${code}`}) without an answer`));
    });
  });
}
