import { describe, expect, it } from 'vitest';
import { originalDayOf1000S, originalRebuildMobsPerS, originalUpdateMs } from '../../../bench/original-figures.js';
import { BenchUsageError } from '../../../bench/runner.js';
import { parseScaleOptions, perFarmerRatio, scaleFigures, sizeLabel, yearBytes } from '../../../bench/scale-figures.js';
import { formatVerdict, judge, timesBetter, type Figure } from '../../../bench/targets.js';

const cli: Figure[] = [{ name: 'help-ms', label: '--help', unit: 'ms', better: 'lower', target: 300 }];

describe('the scale benchmark\'s arithmetic', () => {
  it('relates per-farmer costs: linear growth is 1, cost growing faster than the farmer count is above', () => {
    expect(perFarmerRatio({ ms: 400, farmers: 100_000 }, { ms: 100, farmers: 25_000 })).toBe(1);
    expect(perFarmerRatio({ ms: 563, farmers: 250_000 }, { ms: 38.5, farmers: 25_000 })).toBeCloseTo(1.4623, 4);
    expect(perFarmerRatio({ ms: 30, farmers: 20_000 }, { ms: 20, farmers: 20_000 })).toBe(1.5);
    expect(() => perFarmerRatio({ ms: 1, farmers: 10 }, { ms: 0, farmers: 10 })).toThrow(RangeError);
    expect(() => perFarmerRatio({ ms: 1, farmers: 0 }, { ms: 1, farmers: 10 })).toThrow(RangeError);
  });

  it('estimates a year from the first scrape\'s size and what each later observation added', () => {
    const day = { firstBytes: 5_000_000, firstObservations: 25_000, bytes: 5_000_000 + 287 * 25_000 * 4, observations: 288 * 25_000 };
    expect(yearBytes(day, 365 * 288 * 25_000)).toBe(5_000_000 + 4 * (365 * 288 - 1) * 25_000);
    expect(() => yearBytes({ ...day, observations: 25_000 }, 1e9)).toThrow(RangeError);
  });

  it('scales the original\'s update to the farmer count and states its rebuild and day in our units', () => {
    expect(originalUpdateMs(23_700)).toEqual({ low: 600, high: 960 });
    expect(originalUpdateMs(237_000).low).toBeCloseTo(6000, 9);
    expect(originalRebuildMobsPerS()).toEqual({ low: 0.028, high: 0.028 });
    expect(originalDayOf1000S()).toEqual({ low: 10.8, high: 10.8 });
    expect(() => originalUpdateMs(0)).toThrow(RangeError);
  });

  it('prints the original beside our figure as how many times as fast ours is, for either direction', () => {
    expect(timesBetter('lower', 100, { low: 600, high: 960 })).toEqual([6, 9.6]);
    expect(timesBetter('higher', 2.8, { low: 0.028, high: 0.028 })[0]).toBeCloseTo(100, 9);
    const figure: Figure = { name: 'scrape-25k-steady-ms', label: 'scrape', unit: 'ms', better: 'lower', original: originalUpdateMs(23_700) };
    expect(formatVerdict(judge(figure, [100, 100, 100, 120, 90]))).toBe(
      '  scrape-25k-steady-ms: median 100.0 ms (min 90.0, max 120.0, 5 runs); no stated target; the original: 600.0–960.0 ms, ours 6.00–9.60× as fast',
    );
    const rebuild: Figure = { name: 'rebuild', label: 'rebuild', unit: 'M obs/s', better: 'higher', target: 3, original: originalRebuildMobsPerS() };
    expect(formatVerdict(judge(rebuild, [1.4, 1.4, 1.4, 1.4, 1.4]))).toMatch(/target ≥ 3\.00 M obs\/s: MISSED; the original: 0\.028 M obs\/s, ours 50\.0× as fast$/);
  });
});

describe('the scale benchmark\'s options and figures', () => {
  it('names each figure by its farmer count and relates per-farmer costs to the smallest count', () => {
    const names = scaleFigures(parseScaleOptions(['--sizes', '100000,25000']).sizes, cli).map((figure) => figure.name);
    expect(names).toContain('scrape-25k-steady-ms');
    expect(names).toContain('scrape-100k-churn-ms');
    expect(names).toContain('per-farmer-100k-vs-25k-churn');
    expect(names).not.toContain('per-farmer-25k-vs-25k-steady');
    expect(names).toContain('churn-vs-steady-25k');
    expect(names).toContain('rebuild-100k-steady-mobs-per-s');
    expect(names).toContain('rebuild-100k-one-scrape-s');
    expect(names).toContain('peak-rss-100k-mb');
    expect(names).toContain('help-ms');
    expect(new Set(names).size).toBe(names.length);
  });

  it('states issue 14\'s targets on the figures it judges', () => {
    const figures = new Map(scaleFigures([25_000, 250_000], cli).map((figure) => [figure.name, figure]));
    expect(figures.get('per-farmer-250k-vs-25k-steady')?.target).toBe(1.3);
    expect(figures.get('churn-vs-steady-250k')?.target).toBe(1.5);
    expect(figures.get('rebuild-250k-churn-mobs-per-s')).toMatchObject({ target: 3, better: 'higher' });
    expect(figures.get('peak-rss-250k-mb')?.target).toBe(1000);
    expect(figures.get('year-25k-churn-gb')?.target).toBe(1.5);
    expect(figures.get('scrape-250k-steady-ms')?.target).toBeUndefined();
    expect(figures.get('rebuild-250k-one-scrape-s')).toMatchObject({ unit: 's', better: 'lower' });
    expect(figures.get('rebuild-250k-one-scrape-s')?.target).toBeUndefined();
  });

  it('takes --quick for fewer scrapes and refuses a farmer count that is not one', () => {
    expect(parseScaleOptions([])).toMatchObject({ sizes: [25_000, 100_000, 250_000], quick: false, timedScrapes: 3, diskScrapes: 288 });
    expect(parseScaleOptions(['--quick'])).toMatchObject({ quick: true, timedScrapes: 2, diskScrapes: 48 });
    expect(() => parseScaleOptions(['--sizes', '25000,lots'])).toThrow(BenchUsageError);
    expect(() => parseScaleOptions(['--sizes', '25000,25000'])).toThrow(/appears twice/);
    expect(() => parseScaleOptions(['--sizes', '50'])).toThrow(/at least 100/);
    expect(sizeLabel(1500)).toBe('1500');
  });
});
