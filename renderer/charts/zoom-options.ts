/**
 * Zoom and pan along the time axis only: drag a region (or pinch) to zoom, Shift-drag to pan,
 * Ctrl+wheel to zoom, never past the loaded range. A plain wheel keeps scrolling the page.
 */
export function timeZoomOptions(onZoomed: () => void) {
  return {
    limits: { x: { min: 'original' as const, max: 'original' as const } },
    pan: { enabled: true, mode: 'x' as const, modifierKey: 'shift' as const, onPanComplete: onZoomed },
    zoom: {
      mode: 'x' as const,
      wheel: { enabled: true, modifierKey: 'ctrl' as const },
      pinch: { enabled: true },
      drag: { enabled: true, threshold: 8 },
      onZoomComplete: onZoomed,
    },
  };
}
