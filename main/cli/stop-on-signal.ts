import { describeError } from '../../shared/errors.js';

/**
 * Runs `stop` once on the first SIGINT/SIGTERM (Ctrl-C), so the engine finishes the scrape it is
 * storing and closes the database; a second signal exits at once.
 */
export function stopOnSignal(stop: () => Promise<void>, log: (line: string) => void = console.error): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log(`${signal} again: exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      log(`${signal}: stopping (finishing the current scrape, closing the store)…`);
      stop().then(
        () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve();
        },
        (error: unknown) => {
          log(`error while stopping: ${describeError(error)}`);
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
