import { performance } from 'node:perf_hooks';
import type { SourceTestResult } from '../../shared/model/settings.js';
import { joinUrl } from '../collector/collector.js';
import { FetchFailure, fetchJson } from '../collector/fetch-json.js';
import { PayloadValidator } from '../collector/validate-payload.js';

/**
 * Asks a status server for its two endpoints once, through the collector's own fetch and
 * validation, and says whether they answer as a status server should (the Settings view's "test
 * connection"). Never throws: an unreachable or wrong source is a result with its reason.
 */
export async function testStatusSource(url: string, timeoutMs = 10_000): Promise<SourceTestResult> {
  const startedAt = performance.now();
  const onlineUrl = joinUrl(url, '/api/online/json');
  const totalUrl = joinUrl(url, '/api/total');
  try {
    const validator = new PayloadValidator();
    const [online, total] = await Promise.all([fetchJson(onlineUrl, { timeoutMs }), fetchJson(totalUrl, { timeoutMs })]);
    const farmers = validator.validateOnline(online, onlineUrl);
    const totals = validator.validateTotal(total, totalUrl);
    return { ok: true, farmers: farmers.farmers.length, totalTB: totals.total_TB, latencyMs: Math.round(performance.now() - startedAt) };
  } catch (error) {
    const message = error instanceof FetchFailure ? error.message : 'the source could not be read';
    return { ok: false, latencyMs: Math.round(performance.now() - startedAt), error: message };
  }
}
