import { describe, expect, it } from 'vitest';
import { decimateMinMax, isSortedAscending, shouldDecimate } from '../../src/render/decimate.ts';

describe('decimateMinMax', () => {
  it('keeps each column extremes so the drawn envelope is unchanged', () => {
    const n = 100_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i / 10;
      y[i] = Math.sin(i / 50) + (i % 997 === 0 ? 5 : 0);
    }
    const cols = 500;
    const d = decimateMinMax(x, y, cols);
    expect(d.x.length).toBeLessThanOrEqual(4 * cols);
    expect(d.x.length).toBeGreaterThan(cols);
    // Same global extremes, spikes kept.
    expect(Math.max(...d.y)).toBe(Math.max(...y));
    expect(Math.min(...d.y)).toBe(Math.min(...y));
    // Per column min and max equal to the raw data's.
    const col = (v: number) => Math.min(cols - 1, Math.floor((v / x[n - 1]) * cols));
    const rawMax = new Float64Array(cols).fill(-Infinity);
    const decMax = new Float64Array(cols).fill(-Infinity);
    for (let i = 0; i < n; i++) rawMax[col(x[i])] = Math.max(rawMax[col(x[i])], y[i]);
    for (let i = 0; i < d.x.length; i++) decMax[col(d.x[i])] = Math.max(decMax[col(d.x[i])], d.y[i]);
    expect(Array.from(decMax)).toEqual(Array.from(rawMax));
    expect(isSortedAscending(d.x)).toBe(true);
  });
  it('drops non-finite values and handles a single column', () => {
    const d = decimateMinMax(new Float64Array([0, 1, 2, 3]), new Float64Array([1, NaN, 3, 2]), 1);
    expect(Array.from(d.y)).toEqual([1, 3, 2]);
  });
  it('decides by points per column', () => {
    expect(shouldDecimate(1000, 800)).toBe(false);
    expect(shouldDecimate(100_000, 800)).toBe(true);
  });
});
