/**
 * Min/max decimation to a pixel grid: when a curve has many more points than the plot has pixel columns,
 * each column keeps its first, min, max and last points (in x order), which draws the same picture as all
 * points with a line per column. Assumes x is sorted ascending (a scan); unsorted curves are not decimated.
 */
import type { NumArray } from '../graph/types.ts';

export interface XY {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Decimate when there are at least this many points per pixel column; below it, lines are cheap enough. */
export const DECIMATE_FACTOR = 4;

export function isSortedAscending(x: ArrayLike<number>): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] < x[i - 1]) return false;
  return true;
}

export function shouldDecimate(points: number, columns: number): boolean {
  return columns > 0 && points >= DECIMATE_FACTOR * columns;
}

/**
 * Keeps at most 4 points per column of `columns` equal columns spanning [x[0], x[n-1]]. Non-finite y values
 * are dropped from columns (a gap inside one column does not survive decimation; a whole empty column does).
 */
export function decimateMinMax(x: NumArray, y: NumArray, columns: number): XY {
  const n = Math.min(x.length, y.length);
  if (n === 0 || columns < 1) return { x: new Float64Array(0), y: new Float64Array(0) };
  const x0 = x[0];
  const span = x[n - 1] - x0;
  const outX = new Float64Array(4 * columns + 4);
  const outY = new Float64Array(4 * columns + 4);
  let m = 0;
  let i = 0;
  while (i < n) {
    const col = span > 0 ? Math.min(columns - 1, Math.floor(((x[i] - x0) / span) * columns)) : 0;
    let first = -1;
    let last = -1;
    let iMin = -1;
    let iMax = -1;
    for (; i < n; i++) {
      const c = span > 0 ? Math.min(columns - 1, Math.floor(((x[i] - x0) / span) * columns)) : 0;
      if (c !== col) break;
      const v = y[i];
      if (!Number.isFinite(v)) continue;
      if (first < 0) first = i;
      last = i;
      if (iMin < 0 || v < y[iMin]) iMin = i;
      if (iMax < 0 || v > y[iMax]) iMax = i;
    }
    if (first < 0) continue;
    // Emit in x order so the polyline stays monotone in x.
    const picks = [first, iMin, iMax, last].sort((a, b) => a - b);
    let prev = -1;
    for (const p of picks) {
      if (p === prev) continue;
      prev = p;
      outX[m] = x[p];
      outY[m] = y[p];
      m++;
    }
  }
  return { x: outX.slice(0, m), y: outY.slice(0, m) };
}
