/**
 * Hover lookup: the curve point nearest to the cursor (in pixels), by binary search in each curve's sorted x.
 * Pure; the plot calls it with its curves and view.
 */
import type { NumArray } from '../graph/types.ts';
import { toPixel, type Size, type View } from './view.ts';

export interface HoverCurve {
  readonly id: string;
  readonly name: string;
  readonly x: NumArray;
  readonly y: NumArray;
  readonly visible: boolean;
  readonly sorted: boolean;
}

export interface HoverHit {
  readonly id: string;
  readonly name: string;
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly distancePx: number;
}

/** Index of the x value nearest to `v` in ascending `x`. */
export function nearestIndex(x: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = x.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] < v) lo = mid;
    else hi = mid;
  }
  return Math.abs(x[lo] - v) <= Math.abs(x[hi] - v) ? lo : hi;
}

export function findHover(curves: Iterable<HoverCurve>, view: View, size: Size, px: number, py: number, maxPx = 24): HoverHit | null {
  const xAt = view.x0 + (px / size.width) * (view.x1 - view.x0);
  let best: HoverHit | null = null;
  for (const c of curves) {
    if (!c.visible || c.x.length === 0) continue;
    const candidates: number[] = [];
    if (c.sorted) {
      const i = nearestIndex(c.x, xAt);
      candidates.push(i - 1, i, i + 1);
    } else {
      for (let i = 0; i < c.x.length; i++) candidates.push(i);
    }
    for (const i of candidates) {
      if (i < 0 || i >= c.x.length || i >= c.y.length) continue;
      const y = c.y[i];
      if (!Number.isFinite(y) || (view.logY && y <= 0)) continue;
      const p = toPixel(view, c.x[i], y, size);
      const d = Math.hypot(p.px - px, p.py - py);
      if (d <= maxPx && (!best || d < best.distancePx)) best = { id: c.id, name: c.name, index: i, x: c.x[i], y, distancePx: d };
    }
  }
  return best;
}
