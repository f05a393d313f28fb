import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  TimeScale,
  Tooltip,
  _adapters,
  type Plugin,
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import { registerZonedDates } from './zoned-date-adapter.js';

/** Only what the dashboard draws is registered, which keeps the bundle and start-up small. */
export function registerCharts(): void {
  Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, TimeScale, Tooltip, Filler);
  Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font-sans').trim() || 'system-ui, sans-serif';
  Chart.defaults.font.size = 12;
  // Redraw at once: a range change or a live refresh should not wait for an animation.
  Chart.defaults.animation = false;
  registerZonedDates(_adapters._date);
  // `Chart.getChart(canvas)` from the devtools console (and the end-to-end tests) reads what a
  // chart really holds, e.g. the null points where a line breaks at a gap in the history.
  Object.defineProperty(window, 'Chart', { value: Chart, configurable: true });
}

/**
 * chartjs-plugin-zoom touches `window` (and hammerjs) when it loads, so only the browser entry
 * (main.ts) imports it and hands it here; components and unit tests never load it.
 */
export function registerZoom(zoomPlugin: Plugin): void {
  Chart.register(zoomPlugin);
}
