import type { Chart } from 'chart.js';
import { MS_PER_MINUTE } from '../../shared/defaults.js';

/** The visible time window after a zoom or pan gesture. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Never zoom below ten minutes: two scrapes at the original's 5-minute pace. */
const MIN_WINDOW_MS = 10 * MS_PER_MINUTE;

/**
 * Zoom and pan along the time axis only: drag a region (or pinch) to zoom, Shift-drag to pan,
 * Ctrl+wheel to zoom, never past the loaded range. A plain wheel keeps scrolling the page.
 * Each finished gesture reports the visible window, so the view can fetch it at full detail.
 */
export function timeZoomOptions(onWindow: (window: TimeWindow) => void) {
  const report = ({ chart }: { chart: Chart }) => {
    const scale = chart.scales.x;
    if (scale !== undefined) onWindow({ from: scale.min, to: scale.max });
  };
  return {
    limits: { x: { min: 'original' as const, max: 'original' as const, minRange: MIN_WINDOW_MS } },
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
