import { describe, expect, it } from 'vitest';
import { breaksBefore, isolatedPoints, lineWithBreaks } from '../../../renderer/charts/gaps.js';

describe('breaks in a line at gaps of the history', () => {
  it('breaks between two points on either side of the time between two spans', () => {
    const coverage = [
      { from: 0, to: 20 },
      { from: 100, to: 120 },
    ];
    expect(breaksBefore([0, 10, 20, 100, 110, 120], coverage)).toEqual([false, false, false, true, false, false]);
  });

  it('breaks between bucket stamps when a gap lies inside the earlier bucket', () => {
    // Buckets of 50 stamped at their start: the gap 20..40 lies inside the bucket at 0.
    const coverage = [
      { from: 5, to: 20 },
      { from: 40, to: 140 },
    ];
    expect(breaksBefore([0, 50, 100], coverage)).toEqual([false, true, false]);
  });

  it('never breaks one span, and breaks once per gap over several gaps', () => {
    expect(breaksBefore([0, 1, 2, 3], [{ from: 0, to: 3 }])).toEqual([false, false, false, false]);
    const spans = [
      { from: 0, to: 1 },
      { from: 5, to: 6 },
      { from: 9, to: 9 },
    ];
    expect(breaksBefore([0, 1, 5, 6, 9], spans)).toEqual([false, false, true, false, true]);
    expect(breaksBefore([], spans)).toEqual([]);
  });

  it('inserts a null point halfway at each break and nothing else', () => {
    expect(lineWithBreaks([0, 10, 100], [1, 2, 3], [false, false, true])).toEqual([
      { x: 0, y: 1 },
      { x: 10, y: 2 },
      { x: 55, y: null },
      { x: 100, y: 3 },
    ]);
  });

  it('finds the points that no line shows', () => {
    const line = lineWithBreaks([0, 10, 100, 200, 210], [1, 2, 3, 4, 5], [false, false, true, true, false]);
    expect(isolatedPoints(line)).toEqual([false, false, false, true, false, false, false]);
  });
});
