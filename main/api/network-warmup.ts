import type { EngineEvent } from '../../shared/model/events.js';

/** A fold committed or an import finished: the farmer view the next answer needs has changed. */
function changesFarmerView(event: EngineEvent): boolean {
  return event.type === 'aggregated' || (event.type === 'import' && event.progress.state === 'done');
}

/**
 * Computes the dashboard payload once, off any request, at start and after each fold or import,
 * so the first page load after either does not pay for re-reading the farmer rows, preparing the
 * statements and warming SQLite's pages: the answer itself is made per request (its window ends
 * at the browser's "now"), but what it is made from is then ready. A failure here is left for the
 * request to report. Returns the unsubscribe.
 */
export function warmNetworkAnswers(
  subscribe: (listener: (event: EngineEvent) => void) => () => void,
  compute: () => unknown,
  onError: (error: unknown) => void,
): () => void {
  let pending: NodeJS.Immediate | null = null;
  const warm = (): void => {
    pending = null;
    // The computation may take turns of its own (the farmer view is read a slice per turn).
    Promise.resolve().then(compute).catch(onError);
  };
  const schedule = (): void => {
    pending ??= setImmediate(warm);
  };
  schedule();
  const unsubscribe = subscribe((event) => {
    if (changesFarmerView(event)) schedule();
  });
  return () => {
    unsubscribe();
    if (pending !== null) clearImmediate(pending);
    pending = null;
  };
}
