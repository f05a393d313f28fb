import type { ResolvedTheme } from '../composables/theme.js';

/** Chart colours per theme; the CSS variables in styles/theme.css use the same values. */
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

function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

const LIGHT: ChartPalette = {
  text: '#1f2937',
  mutedText: '#6b7280',
  grid: 'rgba(15, 23, 42, 0.08)',
  tooltipBackground: '#111827',
  tooltipText: '#f9fafb',
  storage: '#4f46e5',
  farmers: '#0d9488',
  uptime: '#d97706',
  heights: '#db2777',
  band: (color) => withAlpha(color, 0.16),
  bar: (color) => withAlpha(color, 0.6),
};

const DARK: ChartPalette = {
  text: '#e5e7eb',
  mutedText: '#9ca3af',
  grid: 'rgba(255, 255, 255, 0.08)',
  tooltipBackground: '#f3f4f6',
  tooltipText: '#111827',
  storage: '#818cf8',
  farmers: '#2dd4bf',
  uptime: '#fbbf24',
  heights: '#f472b6',
  band: (color) => withAlpha(color, 0.22),
  bar: (color) => withAlpha(color, 0.65),
};

export function chartPalette(theme: ResolvedTheme): ChartPalette {
  return theme === 'dark' ? DARK : LIGHT;
}

/** Every chart's tooltip reads the same in a theme: one place for its colours. */
export function tooltipColors(palette: ChartPalette): { backgroundColor: string; titleColor: string; bodyColor: string; footerColor: string } {
  return { backgroundColor: palette.tooltipBackground, titleColor: palette.tooltipText, bodyColor: palette.tooltipText, footerColor: palette.tooltipText };
}
