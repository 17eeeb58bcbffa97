/**
 * Small numeric helpers with Python/numpy semantics, because matching larch bit for bit depends on them:
 * round-half-even, `min`/`max` that ignore a NaN in the second argument, exclusive slices, int() truncation.
 */

/** Python 3 `round(x)`: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** Python `min(a, b)`: returns a unless b < a (so min(1, NaN) = 1). */
export function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

/** Python `max(a, b)`: returns a unless b > a. */
export function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

/** larch index_of: the largest i with arr[i] ≤ v (arr sorted), or 0 if v is below the minimum. */
export function indexOf(arr: ArrayLike<number>, v: number): number {
  const n = arr.length;
  if (n === 0 || v < arr[0]) return 0;
  let lo = 0;
  let hi = n - 1;
  if (arr[hi] <= v) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** larch index_nearest: argmin |arr − v|, first index on ties. */
export function indexNearest(arr: ArrayLike<number>, v: number): number {
  let best = 0;
  let bd = Infinity;
  for (let i = 0; i < arr.length; i++) {
    const d = Math.abs(arr[i] - v);
    if (d < bd) {
      bd = d;
      best = i;
    }
  }
  return best;
}

/**
 * indexNearest for a non-decreasing arr, by bisection: the same index the linear scan gives (the first one
 * at the smallest computed distance; rounding is monotone, so distances fall then rise along arr).
 */
export function indexNearestSorted(arr: ArrayLike<number>, v: number): number {
  const n = arr.length;
  if (n === 0) return 0;
  let c = indexOf(arr, v);
  if (c + 1 < n && Math.abs(arr[c + 1] - v) < Math.abs(arr[c] - v)) c++;
  while (c > 0 && Math.abs(arr[c - 1] - v) <= Math.abs(arr[c] - v)) c--;
  return c;
}

/** numpy.gradient with unit spacing: central differences inside, one-sided at the ends. */
export function gradient(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const g = new Float64Array(n);
  if (n < 2) return g;
  g[0] = y[1] - y[0];
  g[n - 1] = y[n - 1] - y[n - 2];
  for (let i = 1; i < n - 1; i++) g[i] = (y[i + 1] - y[i - 1]) / 2;
  return g;
}

/** dy/dx as numpy's gradient(y)/gradient(x). */
export function derivative(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const gy = gradient(y);
  const gx = gradient(x);
  for (let i = 0; i < gy.length; i++) gy[i] /= gx[i];
  return gy;
}

/** larch remove_dups: bump each value within `tiny` of its predecessor by (predecessor's bump + tiny). */
export function removeDups(e: Float64Array, tiny = 0.0005): Float64Array {
  const n = e.length;
  if (n <= 1) return e;
  let minStep = Infinity;
  for (let i = 1; i < n; i++) minStep = Math.min(minStep, e[i] - e[i - 1]);
  if (minStep > 10 * tiny) return e;
  const add = new Float64Array(n);
  let prevVal = NaN;
  let prevAdd = 0;
  for (let i = 1; i < n; i++) {
    if (!Number.isNaN(e[i - 1])) {
      prevVal = e[i - 1];
      prevAdd = add[i - 1];
    }
    const v = e[i];
    if (Number.isNaN(v) || Number.isNaN(prevVal)) continue;
    if (Math.abs(v - prevVal) < tiny) add[i] = prevAdd + tiny;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = e[i] + add[i];
  return out;
}

/** Whether x is strictly increasing. */
export function isStrictlyIncreasing(x: ArrayLike<number>): boolean {
  for (let i = 1; i < x.length; i++) if (!(x[i] > x[i - 1])) return false;
  return true;
}

/** Linear interpolation of (x, y) at xs, clamped at the ends (numpy.interp). x must be increasing. */
export function interpLinear(x: ArrayLike<number>, y: ArrayLike<number>, xs: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(xs.length);
  let j = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (v <= x[0]) {
      out[i] = y[0];
      continue;
    }
    if (v >= x[n - 1]) {
      out[i] = y[n - 1];
      continue;
    }
    if (j > 0 && v < x[j]) j = 0;
    while (j < n - 2 && x[j + 1] <= v) j++;
    const t = (v - x[j]) / (x[j + 1] - x[j]);
    out[i] = y[j] + t * (y[j + 1] - y[j]);
  }
  return out;
}
