/**
 * Plain query functions over the SQLite store (docs/formulas.md). The HTTP API, the IPC
 * handlers and the CLI all call these; results are the shared TypeBox shapes.
 */
export { networkPayload, pastMomentOf, referenceTime, minMaxPerDay, noonTotals } from './network-payload.js';
export { figuresAsOf, type Figures, type HistoryReader } from './as-of.js';
export { addressSummary, assertAddress } from './address-summary.js';
export { addressDetail, addressList } from './address-detail.js';
export { aggregationStatus, type AggregationStatus } from './aggregation-status.js';
export { heartbeat } from './heartbeat.js';
