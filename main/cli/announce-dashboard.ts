import { describeError } from '../../shared/errors.js';

/** How long the first answer of the dashboard's own status route may take before we say it did not answer. */
const FIRST_ANSWER_TIMEOUT_MS = 5_000;

/**
 * Prints the dashboard's address once its status route has answered, so the line a person opens
 * in a browser is never printed before the page would load. If it does not answer (or the run is
 * being stopped) the line says so instead of promising a working address.
 */
export async function announceDashboard(url: string, stop: AbortSignal, log: (line: string) => void = console.log): Promise<void> {
  try {
    const response = await fetch(`${url}/api/v1/status`, { signal: AbortSignal.any([stop, AbortSignal.timeout(FIRST_ANSWER_TIMEOUT_MS)]) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    if (stop.aborted) return;
    console.error(`the dashboard at ${url}/ did not answer its status check (${describeError(error)})`);
    return;
  }
  log(`dashboard and local API: ${url}/ (routes: ${url}/openapi.json)`);
}
