import type { ResolvedTheme } from '../composables/theme.js';

/** Chart colours for the theme in effect; the colours themselves are written once, in styles/theme.css. */
export interface ChartPalette {
  text: string;
  mutedText: string;
  grid: string;
  tooltipBackground: string;
  tooltipText: string;
  storage: string;
  farmers: string;
  uptime: string;
  heights: string;
  band: (color: string) => string;
  bar: (color: string) => string;
}

/** Fills are a tone at this opacity; dark backgrounds need a little more to show the same. */
const FILL_OPACITY: Record<ResolvedTheme, { band: number; bar: number }> = {
  light: { band: 0.16, bar: 0.6 },
  dark: { band: 0.22, bar: 0.65 },
};

/** Used when the browser hands back a colour it did not resolve to rgb() (never in Chromium). */
const FALLBACK_RGB = [128, 128, 128] as const;

function withAlpha(color: string, alpha: number): string {
  const channels = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  const [red, green, blue] = channels === null ? FALLBACK_RGB : [channels[1], channels[2], channels[3]];
  return `rgba(${red}, ${green}, ${blue}, ${alpha})`;
}

type PaletteColors = Omit<ChartPalette, 'band' | 'bar'>;

/**
 * Resolves theme.css's custom properties the way the page does: an element under <html> takes each
 * as its `color`, and the computed colour (rgb()/rgba(), with light-dark() already decided by the
 * scheme in effect) is what Chart.js draws with.
 */
function resolveColors(): PaletteColors {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.documentElement.append(probe);
  const read = (property: string): string => {
    probe.style.color = `var(${property})`;
    return getComputedStyle(probe).color;
  };
  try {
    return {
      text: read('--chart-text'),
      mutedText: read('--chart-muted-text'),
      grid: read('--chart-grid'),
      tooltipBackground: read('--chart-tooltip-background'),
      tooltipText: read('--chart-tooltip-text'),
      storage: read('--tone-storage'),
      farmers: read('--tone-farmers'),
      uptime: read('--tone-uptime'),
      heights: read('--tone-heights'),
    };
  } finally {
    probe.remove();
  }
}

/**
 * The palette of `theme`, read from the page's CSS. Call it after `<html data-theme>` names that
 * theme (useTheme does so before the next render), so the colours are the ones the page shows.
 */
export function chartPalette(theme: ResolvedTheme): ChartPalette {
  const opacity = FILL_OPACITY[theme];
  return {
    ...resolveColors(),
    band: (color) => withAlpha(color, opacity.band),
    bar: (color) => withAlpha(color, opacity.bar),
  };
}

/** Every chart's tooltip reads the same in a theme: one place for its colours. */
export function tooltipColors(palette: ChartPalette): { backgroundColor: string; titleColor: string; bodyColor: string; footerColor: string } {
  return { backgroundColor: palette.tooltipBackground, titleColor: palette.tooltipText, bodyColor: palette.tooltipText, footerColor: palette.tooltipText };
}
