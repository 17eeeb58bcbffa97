/**
 * The demo's XAFS branch: transmission counts → µ(E) → normalised µ(E), and µ(E) → dµ/dE. Small, readable
 * transforms with declared parameters (the GUI's parameter panels are generated from them). The project's
 * full XAFS pipeline (src/pipelines/xas.ts) replaces this when it lands.
 */
import { defineNode, defineTransform } from '../../../src/graph/define.ts';

export const counts = defineNode({
  id: 'counts',
  label: 'counts',
  arrays: [
    { name: 'energy', role: 'x', unit: 'eV' },
    { name: 'i0', role: 'y', unit: 'counts' },
    { name: 'it', role: 'y', unit: 'counts' },
  ],
});
export const mu = defineNode({ id: 'mu', label: 'µ(E)', arrays: [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'mu', role: 'y', unit: '' }] });
export const norm = defineNode({
  id: 'norm',
  label: 'normalised µ(E)',
  arrays: [
    { name: 'energy', role: 'x', unit: 'eV' },
    { name: 'norm', role: 'y', unit: '' },
    { name: 'e0', role: 'scalar', unit: 'eV' },
    { name: 'step', role: 'scalar', unit: '' },
  ],
});
export const dmu = defineNode({ id: 'dmu', label: 'dµ/dE', arrays: [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'dmu', role: 'y', unit: '1/eV' }] });

const f64 = (v: unknown): Float64Array => v as Float64Array;

export const absorbance = defineTransform({
  name: 'absorbance',
  label: 'absorbance ln(I0/It)',
  from: 'counts',
  to: 'mu',
  params: { dark: { kind: 'number', default: 0, min: 0, step: 10, unit: 'counts', label: 'dark current' } },
  inArrays: ['energy', 'i0', 'it'],
  outArrays: ['energy', 'mu'],
  run: (d, p) => {
    const i0 = f64(d.i0);
    const it = f64(d.it);
    return { energy: d.energy, mu: i0.map((v, k) => Math.log((v - p.dark) / (it[k] - p.dark))) };
  },
});

/** Index of the largest finite derivative. */
function maxDerivative(e: Float64Array, m: Float64Array): number {
  let best = -Infinity;
  let k = 0;
  for (let i = 1; i < e.length; i++) {
    const d = (m[i] - m[i - 1]) / (e[i] - e[i - 1]);
    if (Number.isFinite(d) && d > best) [best, k] = [d, i];
  }
  return k;
}

/** Least-squares line through the points with x in [lo, hi]. */
function lineFit(x: Float64Array, y: Float64Array, lo: number, hi: number, what: string): { a: number; b: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo || x[i] > hi || !Number.isFinite(y[i])) continue;
    n++;
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  if (n < 2) throw new Error(`${what} range [${lo.toFixed(1)}, ${hi.toFixed(1)}] eV holds ${n} point${n === 1 ? '' : 's'} (need at least 2)`);
  const den = n * sxx - sx * sx;
  const b = den === 0 ? 0 : (n * sxy - sx * sy) / den;
  return { a: (sy - b * sx) / n, b };
}

export const normalize = defineTransform({
  name: 'normalize',
  label: 'pre-edge / post-edge normalisation',
  from: 'mu',
  to: 'norm',
  params: {
    e0: { kind: 'number', default: null, nullable: true, unit: 'eV', step: 0.5, label: 'E0 (empty: automatic)' },
    e0_method: { kind: 'choice', default: 'max derivative', options: ['max derivative', 'half height'], label: 'E0 method' },
    pre1: { kind: 'number', default: -80, step: 5, unit: 'eV', label: 'pre-edge from' },
    pre2: { kind: 'number', default: -25, step: 5, unit: 'eV', label: 'pre-edge to' },
    norm1: { kind: 'number', default: 40, step: 5, unit: 'eV', label: 'post-edge from' },
    norm2: { kind: 'number', default: 220, step: 5, unit: 'eV', label: 'post-edge to' },
    flatten: { kind: 'boolean', default: false, label: 'flatten post-edge' },
  },
  inArrays: ['energy', 'mu'],
  outArrays: ['energy', 'norm', 'e0', 'step'],
  run: (d, p) => {
    const e = f64(d.energy);
    const m = f64(d.mu);
    if (e.length < 4) throw new Error(`only ${e.length} points so far`);
    let e0 = p.e0;
    if (e0 === null) {
      if (p.e0_method === 'max derivative') e0 = e[maxDerivative(e, m)];
      else {
        const lo = Math.min(...m.filter(Number.isFinite));
        const hi = Math.max(...m.filter(Number.isFinite));
        const k = m.findIndex((v) => v >= (lo + hi) / 2);
        e0 = e[Math.max(0, k)];
      }
    }
    if (p.pre1 >= p.pre2) throw new Error(`pre-edge range is empty: from ${p.pre1} eV is not below to ${p.pre2} eV`);
    const pre = lineFit(e, m, e0 + p.pre1, e0 + p.pre2, 'pre-edge');
    // A scan still being measured may not reach the post-edge yet: normalise by the highest point so far.
    let post: { a: number; b: number };
    try {
      post = lineFit(e, m, e0 + p.norm1, e0 + p.norm2, 'post-edge');
    } catch {
      post = { a: Math.max(...m.filter(Number.isFinite)), b: 0 };
    }
    const step = post.a + post.b * e0 - (pre.a + pre.b * e0);
    if (!(Math.abs(step) > 1e-12)) throw new Error('edge step is zero');
    const out = m.map((v, i) => {
      const n = (v - (pre.a + pre.b * e[i])) / step;
      if (!p.flatten || e[i] <= e0) return n;
      return n - ((post.a + post.b * e[i]) - (post.a + post.b * e0)) / step;
    });
    return { energy: e, norm: out, e0: e0, step };
  },
});

export const derivative = defineTransform({
  name: 'derivative',
  label: 'derivative',
  from: 'mu',
  to: 'dmu',
  params: { smooth: { kind: 'integer', default: 1, min: 1, max: 51, label: 'window (points)' } },
  inArrays: ['energy', 'mu'],
  outArrays: ['energy', 'dmu'],
  run: (d, p) => {
    const e = f64(d.energy);
    const m = f64(d.mu);
    const h = Math.max(1, p.smooth >> 1);
    return { energy: e, dmu: m.map((_, i) => {
      const a = Math.max(0, i - h);
      const b = Math.min(m.length - 1, i + h);
      return b > a ? (m[b] - m[a]) / (e[b] - e[a]) : 0;
    }) };
  },
});
