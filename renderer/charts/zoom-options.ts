import type { Chart } from 'chart.js';
import { MS_PER_MINUTE } from '../../shared/defaults.js';
import type { TimeSpan } from '../../shared/model/network.js';

/** The visible time window after a zoom or pan gesture. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Never zoom below ten minutes: two scrapes at the original's 5-minute pace. */
const MIN_WINDOW_MS = 10 * MS_PER_MINUTE;

/**
 * Zoom and pan along the time axis only: drag a region (or pinch) to zoom, Shift-drag to pan,
 * Ctrl+wheel to zoom. A plain wheel keeps scrolling the page. Gestures stop at the ends of the
 * stored `history` (of the loaded range when it is unknown): a pan bounded by the loaded range
 * could never move, since the loaded range is exactly what is shown. Each finished gesture
 * reports the visible window, so the view fetches it — what a pan brings into view gets loaded.
 */
export function timeZoomOptions(onWindow: (window: TimeWindow) => void, history: TimeSpan | null = null) {
  const report = ({ chart }: { chart: Chart }) => {
    const scale = chart.scales.x;
    if (scale !== undefined) onWindow({ from: scale.min, to: scale.max });
  };
  return {
    limits: { x: { min: history?.from ?? ('original' as const), max: history?.to ?? ('original' as const), minRange: MIN_WINDOW_MS } },
    pan: { enabled: true, mode: 'x' as const, modifierKey: 'shift' as const, onPanComplete: report },
    zoom: {
      mode: 'x' as const,
      wheel: { enabled: true, modifierKey: 'ctrl' as const },
      pinch: { enabled: true },
      drag: { enabled: true, threshold: 8 },
      onZoomComplete: report,
    },
  };
}
