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
} from 'chart.js';
import 'chartjs-adapter-date-fns';

/** Only what the dashboard draws is registered, which keeps the bundle and start-up small. */
export function registerCharts(): void {
  Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, TimeScale, Tooltip, Filler);
  Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font-sans').trim() || 'system-ui, sans-serif';
  Chart.defaults.font.size = 12;
  // Redraw at once: a range change or a live refresh should not wait for an animation.
  Chart.defaults.animation = false;
}

/**
 * chartjs-plugin-zoom touches `window` (and hammerjs) when it loads, so it is imported only in the
 * browser at start-up, never in module scope of a component.
 */
export async function registerZoom(): Promise<void> {
  const { default: zoomPlugin } = await import('chartjs-plugin-zoom');
  Chart.register(zoomPlugin);
}
