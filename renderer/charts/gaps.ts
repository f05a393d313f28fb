import type { TimeSpan } from '../../shared/model/network.js';

/** One point of a drawn line; `y: null` is a break Chart.js does not draw across (`spanGaps: false`). */
export interface LinePoint {
  x: number;
  y: number | null;
}

/**
 * For each point after the first, whether a gap in the history lies between it and the point
 * before: the time between two coverage spans overlaps the stretch between the two points. One
 * pass over both lists (points and spans are oldest first).
 */
export function breaksBefore(times: readonly number[], coverage: readonly TimeSpan[]): boolean[] {
  const breaks = times.map(() => false);
  let gap = 0;
  for (let index = 1; index < times.length; index++) {
    const previous = times[index - 1]!;
    const current = times[index]!;
    // Skip gaps that end at or before the previous point: they lie behind this pair.
    while (gap + 1 < coverage.length && coverage[gap + 1]!.from <= previous) gap++;
    const next = coverage[gap + 1];
    breaks[index] = next !== undefined && coverage[gap]!.to < current && next.from > previous;
  }
  return breaks;
}

/**
 * The line for `values` at `times`, with a null point wherever `breaks` says history stops, so
 * nothing is drawn across a gap; the null sits halfway, where the tooltip finds no value.
 */
export function lineWithBreaks(times: readonly number[], values: readonly number[], breaks: readonly boolean[]): LinePoint[] {
  const line: LinePoint[] = [];
  times.forEach((time, index) => {
    if (breaks[index] === true) line.push({ x: (times[index - 1]! + time) / 2, y: null });
    line.push({ x: time, y: values[index]! });
  });
  return line;
}

/** A point with a break (or the range's edge) on both sides has no line to show it: it is drawn as a dot. */
export function isolatedPoints(line: readonly LinePoint[]): boolean[] {
  return line.map((point, index) => point.y !== null && (line[index - 1]?.y ?? null) === null && (line[index + 1]?.y ?? null) === null);
}
