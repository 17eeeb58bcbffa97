import { applySpline, planSpline } from './cubic-spline.ts';
import { indexOf, interpLinear, removeDups } from './pyutil.ts';

export interface Spectrum {
  readonly energy: Float64Array;
  readonly mu: Float64Array;
}

export interface MergeResult {
  readonly energy: Float64Array;
  readonly mu: Float64Array;
  readonly std: Float64Array;
  readonly kind: 'cubic' | 'linear';
}

/**
 * larch merge_groups(kind='cubic', trim=True): every mu interpolated onto the first scan's energy
 * (cubic not-a-knot inside, cubic through the 5 end points outside), averaged, trimmed to the common range
 * with an exclusive end; falls back to linear if the cubic average jumps 50× more than the first scan.
 */
export function mergeSpectra(groups: readonly Spectrum[], kind: 'cubic' | 'linear' = 'cubic'): MergeResult {
  if (groups.length === 0) throw new Error('merge needs at least one spectrum');
  const first = groups[0];
  const absd: number[] = [];
  for (let i = 1; i < first.energy.length; i++) absd.push(Math.abs(first.energy[i] - first.energy[i - 1]));
  const tiny = Math.min(0.01 * percentile(absd, 2), 1e-4 * percentile(absd, 25));
  const xout = removeDups(first.energy, tiny);
  const n = xout.length;
  let xmin = Math.min(...minMax(xout));
  let xmax = minMax(xout)[1];
  const ys: Float64Array[] = [];
  for (const g of groups) {
    if (g.energy.length !== g.mu.length) throw new Error('merge: energy and mu lengths differ');
    ys.push(kind === 'cubic' ? interpCubic(g.energy, g.mu, xout) : interpLinearExtrap(g.energy, g.mu, xout));
    const [lo, hi] = minMax(g.energy);
    xmin = Math.min(xmin, lo);
    xmax = Math.min(xmax, hi);
  }
  const ave = new Float64Array(n);
  const std = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const y of ys) s += y[i];
    const m = s / ys.length;
    let v = 0;
    for (const y of ys) v += (y[i] - m) ** 2;
    ave[i] = m;
    std[i] = Math.sqrt(v / ys.length);
  }
  const i0 = indexOf(xout, xmin);
  const i1 = indexOf(xout, xmax);
  if (i1 - i0 < 2) throw new Error(`the spectra share no common energy range (${xmin} to ${xmax} eV)`);
  const out: MergeResult = { energy: xout.slice(i0, i1), mu: ave.slice(i0, i1), std: std.slice(i0, i1), kind };
  if (kind === 'cubic' && maxDiff(out.mu) > 50 * maxDiff(first.mu)) return mergeSpectra(groups, 'linear');
  return out;
}

function minMax(a: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

function maxDiff(a: Float64Array): number {
  let m = -Infinity;
  for (let i = 1; i < a.length; i++) m = Math.max(m, a[i] - a[i - 1]);
  return m;
}

/** numpy.percentile with linear interpolation. */
function percentile(v: number[], q: number): number {
  const s = [...v].sort((a, b) => a - b);
  const pos = ((s.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/** larch interp(kind='cubic'): not-a-knot spline inside; outside, a not-a-knot cubic through 5 end points. */
export function interpCubic(x: Float64Array, y: Float64Array, xs: Float64Array): Float64Array {
  const n = x.length;
  const out = applySpline(planSpline(x, xs), y, new Float64Array(xs.length));
  const below: number[] = [];
  const above: number[] = [];
  xs.forEach((v, i) => {
    if (v < x[0]) below.push(i);
    else if (v > x[n - 1]) above.push(i);
  });
  for (const [span, lo] of [[below, 0], [above, n - 5]] as const) {
    if (span.length === 0) continue;
    const at = Float64Array.from(span, (i) => xs[i]);
    const vals = applySpline(planSpline(x.slice(lo, lo + 5), at), y.slice(lo, lo + 5), new Float64Array(at.length));
    span.forEach((i, j) => (out[i] = vals[j]));
  }
  return out;
}

function interpLinearExtrap(x: Float64Array, y: Float64Array, xs: Float64Array): Float64Array {
  const out = interpLinear(x, y, xs);
  const n = x.length;
  xs.forEach((v, i) => {
    if (v < x[0]) out[i] = y[0] + ((y[1] - y[0]) / (x[1] - x[0])) * (v - x[0]);
    else if (v > x[n - 1]) out[i] = y[n - 1] + ((y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2])) * (v - x[n - 1]);
  });
  return out;
}
