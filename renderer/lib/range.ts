import { MS_PER_DAY, MS_PER_HOUR } from '../../shared/defaults.js';
import type { NetworkQuery, TimeSpan } from '../../shared/model/network.js';

/** The network view's time window: a span ending at the newest data, everything, or explicit bounds. */
export type RangePreset = '24h' | '7d' | '30d' | '1y' | 'all' | 'custom';

export interface RangeSelection {
  preset: RangePreset;
  /** Only for `custom`: epoch ms, from < to. */
  from?: number;
  to?: number;
}


export const PRESET_SPANS: Record<'24h' | '7d' | '30d' | '1y', number> = {
  '24h': MS_PER_DAY,
  '7d': 7 * MS_PER_DAY,
  '30d': 30 * MS_PER_DAY,
  '1y': 365 * MS_PER_DAY,
};

export const PRESET_LABELS: Record<RangePreset, string> = {
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
  '1y': '1 y',
  all: 'All',
  custom: 'Custom',
};

export const DEFAULT_SELECTION: RangeSelection = { preset: '30d' };

/** Downsampled points per series: about one per pixel of a wide chart card. */
export const SERIES_POINTS = 600;
/** Fewer points than this would hide a day's shape even in a 30-day window on a phone. */
const MIN_SERIES_POINTS = 120;

/**
 * Points per series for a window `viewportWidth` CSS pixels wide: a chart is never wider than the
 * window, so more points than its pixels would only be sent, parsed and drawn on top of each other.
 */
export function seriesPointsFor(viewportWidth: number): number {
  if (!Number.isFinite(viewportWidth) || viewportWidth <= 0) return SERIES_POINTS;
  return Math.max(MIN_SERIES_POINTS, Math.min(SERIES_POINTS, Math.round(viewportWidth)));
}

function spanOf(preset: RangePreset): number | null {
  return preset in PRESET_SPANS ? PRESET_SPANS[preset as keyof typeof PRESET_SPANS] : null;
}

/**
 * The query for a selection. A relative range is asked by its length alone: the API ends it at its
 * newest scrape and starts it that long before, so it always ends at the "as of" time, imported
 * history or a paused collector still fill it (docs/formulas.md, "The reference time"), and every
 * viewer of the same store asks the same question (answered from the API's cache).
 */
export function rangeQuery(selection: RangeSelection, points = SERIES_POINTS): NetworkQuery {
  if (selection.preset === 'all') return { points };
  if (selection.preset === 'custom') return { from: selection.from, to: selection.to, points };
  return { span: spanOf(selection.preset)!, points };
}

/** A stretch of history the view offers to jump to: its label and the custom range that shows it. */
export interface HistoryJump {
  span: TimeSpan;
  label: string;
  window: TimeSpan;
}

/** Stretches listed by name at most; shorter ones are only counted. */
const MAX_HISTORY_JUMPS = 4;
/** A jump shows at least an hour, so a stretch of a single scrape still has a window around it. */
const MIN_JUMP_WINDOW_MS = MS_PER_HOUR;

const isoDay = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/** "2015-11-09 – 2015-11-12 UTC", "2026-11-03 UTC – now" when it ends at `asOf`, "2020-01-01 UTC" within a day. */
export function stretchLabel(span: TimeSpan, asOf: number | null = null): string {
  const from = isoDay(span.from);
  if (span.to === asOf) return `${from} UTC – now`;
  const to = isoDay(span.to);
  return to === from ? `${from} UTC` : `${from} – ${to} UTC`;
}

/** The custom range that shows a stretch: the stretch itself, widened around its middle to at least an hour. */
export function stretchWindow(span: TimeSpan): TimeSpan {
  const middle = (span.from + span.to) / 2;
  const half = Math.max(span.to - span.from, MIN_JUMP_WINDOW_MS) / 2;
  return { from: Math.floor(middle - half), to: Math.ceil(middle + half) };
}

/**
 * Links to the separate stretches of history in `coverage`: the longest MAX_HISTORY_JUMPS, oldest
 * first, labelled by UTC day, and how many shorter ones were left out.
 */
export function historyJumps(coverage: readonly TimeSpan[], asOf: number | null): { shown: HistoryJump[]; more: number } {
  const longest = [...coverage].sort((a, b) => b.to - b.from - (a.to - a.from)).slice(0, MAX_HISTORY_JUMPS);
  const shown = longest.sort((a, b) => a.from - b.from).map((span) => ({ span, label: stretchLabel(span, asOf), window: stretchWindow(span) }));
  return { shown, more: coverage.length - shown.length };
}

/** The time-axis unit that keeps tick labels readable for a window. */
export function timeUnitFor(spanMs: number): 'hour' | 'day' | 'week' | 'month' {
  if (spanMs <= 2 * MS_PER_DAY) return 'hour';
  if (spanMs <= 45 * MS_PER_DAY) return 'day';
  if (spanMs <= 200 * MS_PER_DAY) return 'week';
  return 'month';
}

/** A stable key for what was asked, so "drawn" can be matched to the request that produced it. */
export function selectionKey(selection: RangeSelection): string {
  return selection.preset === 'custom' ? `custom:${selection.from ?? ''}-${selection.to ?? ''}` : selection.preset;
}

export function parseSelection(value: unknown): RangeSelection {
  if (typeof value !== 'object' || value === null) return DEFAULT_SELECTION;
  const candidate = value as Partial<RangeSelection>;
  if (candidate.preset === undefined || !(candidate.preset in PRESET_LABELS)) return DEFAULT_SELECTION;
  if (candidate.preset === 'custom') {
    if (typeof candidate.from !== 'number' || typeof candidate.to !== 'number' || candidate.from >= candidate.to) return DEFAULT_SELECTION;
    return { preset: 'custom', from: candidate.from, to: candidate.to };
  }
  return { preset: candidate.preset };
}
