import type { ChartType, Plugin } from 'chart.js';

/**
 * Marks the moment a chart has painted the data of its draw key: sets `data-drawn-key` on the
 * chart's frame and reports the key. The Network view counts a range as drawn once every chart
 * has reported it, and the end-to-end tests read the attribute.
 */
export function drawnMarker<T extends ChartType>(drawKey: () => string, onDrawn: (key: string) => void): Plugin<T> {
  return {
    id: 'drawnMarker',
    afterRender(chart) {
      const key = drawKey();
      chart.canvas.parentElement?.setAttribute('data-drawn-key', key);
      onDrawn(key);
    },
  };
}
