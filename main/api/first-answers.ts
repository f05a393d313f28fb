import type { ApiApp } from './app-type.js';

/** Marks these in-process requests, which the request log leaves out: nobody asked for them. */
export const FIRST_ANSWER_HEADER = 'x-driveshare-first-answer';

/** The routes a dashboard asks for as it opens (its status line, its settings, its charts), and often. */
const FIRST_ASKED = ['/api/v1/status', '/api/v1/settings', '/api/v1/network'] as const;

/**
 * Answers each of these once, in process, before the API's address is given out: fastify compiles a
 * route's response serializer (and the validators its schema's unions need) on the route's first
 * answer, which held the event loop 300–400 ms for the status on a loaded machine (measured during a
 * 25,000-farmer backfill), so the first real request would have waited for it. A failure is left
 * for that request to report.
 */
export async function answerFirstOnce(app: ApiApp, host: string): Promise<void> {
  for (const url of FIRST_ASKED) await app.inject({ method: 'GET', url, headers: { host, [FIRST_ANSWER_HEADER]: '1' } });
}
