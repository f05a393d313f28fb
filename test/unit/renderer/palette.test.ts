// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartPalette, tooltipColors } from '../../../renderer/charts/palette.js';

/** A stand-in for styles/theme.css: the same custom properties, one colour per theme. */
const THEME_CSS = `
  :root { --chart-text: rgb(1, 1, 1); --chart-muted-text: rgb(2, 2, 2); --chart-grid: rgba(3, 3, 3, 0.08);
          --chart-tooltip-background: rgb(4, 4, 4); --chart-tooltip-text: rgb(5, 5, 5);
          --tone-storage: rgb(10, 20, 30); --tone-farmers: rgb(11, 21, 31); --tone-uptime: rgb(12, 22, 32); --tone-heights: rgb(13, 23, 33); }
  :root[data-theme='dark'] { --chart-text: rgb(201, 201, 201); --tone-storage: rgb(110, 120, 130); }
`;

beforeEach(() => {
  const style = document.createElement('style');
  style.textContent = THEME_CSS;
  document.head.append(style);
});

afterEach(() => {
  document.head.replaceChildren();
  delete document.documentElement.dataset.theme;
});

describe('chart palette', () => {
  it('reads every colour from the page CSS', () => {
    document.documentElement.dataset.theme = 'light';
    expect(chartPalette('light')).toMatchObject({
      text: 'rgb(1, 1, 1)',
      mutedText: 'rgb(2, 2, 2)',
      grid: 'rgba(3, 3, 3, 0.08)',
      tooltipBackground: 'rgb(4, 4, 4)',
      tooltipText: 'rgb(5, 5, 5)',
      storage: 'rgb(10, 20, 30)',
      farmers: 'rgb(11, 21, 31)',
      uptime: 'rgb(12, 22, 32)',
      heights: 'rgb(13, 23, 33)',
    });
  });

  it('follows the theme on <html>, with fills a little stronger on dark', () => {
    document.documentElement.dataset.theme = 'light';
    const light = chartPalette('light');
    expect(light.band(light.storage)).toBe('rgba(10, 20, 30, 0.16)');
    expect(light.bar(light.storage)).toBe('rgba(10, 20, 30, 0.6)');
    document.documentElement.dataset.theme = 'dark';
    const dark = chartPalette('dark');
    expect(dark.text).toBe('rgb(201, 201, 201)');
    expect(dark.band(dark.storage)).toBe('rgba(110, 120, 130, 0.22)');
    expect(dark.bar(dark.storage)).toBe('rgba(110, 120, 130, 0.65)');
  });

  it('gives every tooltip the same colours', () => {
    expect(tooltipColors(chartPalette('light'))).toEqual({
      backgroundColor: 'rgb(4, 4, 4)',
      titleColor: 'rgb(5, 5, 5)',
      bodyColor: 'rgb(5, 5, 5)',
      footerColor: 'rgb(5, 5, 5)',
    });
  });

  it('leaves no probe element behind', () => {
    const before = document.documentElement.childElementCount;
    chartPalette('light');
    expect(document.documentElement.childElementCount).toBe(before);
  });
});
