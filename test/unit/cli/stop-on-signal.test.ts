import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { listenForStop, stopOnSignal } from '../../../main/cli/stop-on-signal.js';

class ExitCalled extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`exit by ${signal}`);
  }
}

function signals(): EventEmitter & { send(signal: NodeJS.Signals): void } {
  const emitter = new EventEmitter();
  return Object.assign(emitter, { send: (signal: NodeJS.Signals) => void emitter.emit(signal, signal) });
}

const exitThrows = (signal: NodeJS.Signals): never => {
  throw new ExitCalled(signal);
};

describe('listenForStop', () => {
  it.each<NodeJS.Signals>(['SIGINT', 'SIGTERM'])('aborts on the first %s and says what the command now does', (signal) => {
    const source = signals();
    const lines: string[] = [];
    const request = listenForStop({ action: 'ending after the current batch', log: (line) => lines.push(line), exitAtOnce: exitThrows, source });
    expect(request.signal.aborted).toBe(false);
    source.send(signal);
    expect(request.signal.aborted).toBe(true);
    expect(lines).toEqual([`${signal}: stopping — ending after the current batch (Ctrl-C again exits at once)…`]);
  });

  it('exits at once, by the signal that came second', () => {
    const source = signals();
    const lines: string[] = [];
    listenForStop({ action: 'closing the store', log: (line) => lines.push(line), exitAtOnce: exitThrows, source });
    source.send('SIGINT');
    expect(() => source.send('SIGTERM')).toThrow(new ExitCalled('SIGTERM'));
    expect(lines.at(-1)).toBe('SIGTERM again: exiting at once');
  });

  it('stops listening once disposed', () => {
    const source = signals();
    const request = listenForStop({ action: 'closing the store', log: () => undefined, exitAtOnce: exitThrows, source });
    request.dispose();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('stopOnSignal', () => {
  it('runs stop once on the first signal and resolves when it has finished', async () => {
    const source = signals();
    let stops = 0;
    let finished = false;
    const stopped = stopOnSignal(
      async () => {
        stops++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
      'closing the server',
      { log: () => undefined, exitAtOnce: exitThrows, source },
    ).then(() => finished);
    source.send('SIGTERM');
    await expect(stopped).resolves.toBe(true);
    expect(stops).toBe(1);
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });
});
