import { findE0 } from './find-e0.ts';
import { polyfitEval } from './lstsq.ts';
import { derivative, indexNearest, indexOf, roundHalfEven } from './pyutil.ts';

/** pre_edge parameters; null means "resolve larch's default". */
export interface PreEdgeParams {
  readonly e0?: number | null;
  readonly step?: number | null;
  readonly pre1?: number | null;
  readonly pre2?: number | null;
  readonly norm1?: number | null;
  readonly norm2?: number | null;
  readonly nnorm?: number | null;
  readonly nvict?: number;
}

export interface PreEdgeResult {
  readonly e0: number;
  readonly ie0: number;
  readonly edgeStep: number;
  readonly pre1: number;
  readonly pre2: number;
  readonly norm1: number;
  readonly norm2: number;
  readonly nnorm: number;
  readonly nvict: number;
  readonly preEdge: Float64Array;
  readonly postEdge: Float64Array;
  readonly norm: Float64Array;
  readonly flat: Float64Array;
  readonly dmude: Float64Array;
}

/** larch pre_edge on a sorted, duplicate-free energy grid (see prepareEnergy). */
export function preEdge(energy: Float64Array, mu: Float64Array, p: PreEdgeParams = {}): PreEdgeResult {
  const n = energy.length;
  let e0 = p.e0 ?? null;
  if (e0 === null || !(e0 >= energy[1] && e0 <= energy[n - 2])) e0 = findE0(energy, mu).e0;
  const ie0 = indexNearest(energy, e0);
  const emax = energy[n - 1];
  let nvict = p.nvict ?? 0;
  let npre = 1;
  let pre1 = p.pre1 ?? null;
  if (pre1 === null) {
    pre1 = ie0 > 20 ? 5 * roundHalfEven((energy[1] - e0) / 5) : 2 * roundHalfEven((energy[1] - e0) / 2);
  }
  pre1 = Math.max(pre1, energy[0] - e0);
  let pre2 = p.pre2 ?? 0.5 * pre1;
  if (pre1 > pre2) [pre1, pre2] = [pre2, pre1];
  const de = new Float64Array(n);
  for (let i = 0; i < n; i++) de[i] = energy[i] - e0;
  if (indexOf(de, pre2) - indexOf(de, pre1) < 3) {
    nvict = 0;
    npre = 0;
  }
  let norm2 = p.norm2 ?? null;
  if (norm2 === null) norm2 = 5 * roundHalfEven((emax - e0) / 5);
  if (norm2 < 0) norm2 = emax - e0 - norm2;
  norm2 = Math.min(norm2, emax - e0);
  let norm1 = p.norm1 ?? null;
  if (norm1 === null) norm1 = Math.min(25, 5 * roundHalfEven(norm2 / 15));
  if (norm1 > norm2) [norm1, norm2] = [norm2, norm1];
  norm1 = Math.min(norm1, norm2 - 2);
  let nnorm = p.nnorm ?? null;
  if (nnorm === null) {
    nnorm = 2;
    if (norm2 - norm1 < 300) nnorm = 1;
    if (norm2 - norm1 < 30) nnorm = 0;
  }
  nnorm = Math.max(0, Math.min(5, Math.trunc(nnorm)));

  const preEdgeLine = preLine(energy, mu, e0, pre1, pre2, nvict, npre);
  const { postEdge, nnormUsed } = postPoly(energy, mu, preEdgeLine, e0, norm1, norm2, nnorm);
  let edgeStep = p.step ?? Math.abs(postEdge[ie0] - preEdgeLine[ie0]);
  edgeStep = Math.max(1e-12, edgeStep);
  const norm = new Float64Array(n);
  const flat = new Float64Array(n);
  for (let i = 0; i < n; i++) norm[i] = (mu[i] - preEdgeLine[i]) / edgeStep;
  const r0 = (postEdge[ie0] - preEdgeLine[ie0]) / edgeStep;
  for (let i = 0; i < n; i++) {
    flat[i] = i < ie0 ? norm[i] : norm[i] - (postEdge[i] - preEdgeLine[i]) / edgeStep + r0;
  }
  return {
    e0, ie0, edgeStep, pre1, pre2, norm1, norm2, nnorm: nnormUsed, nvict,
    preEdge: preEdgeLine, postEdge, norm, flat, dmude: derivative(energy, norm),
  };
}

function preLine(energy: Float64Array, mu: Float64Array, e0: number, pre1: number, pre2: number, nvict: number, npre: number): Float64Array {
  const n = energy.length;
  const p1 = indexOf(energy, e0 + pre1);
  let p2 = indexNearest(energy, e0 + pre2);
  if (p2 - p1 < 2) p2 = Math.min(n, p1 + 2);
  if (npre === 0) {
    let s = 0;
    for (let i = p1; i < p2; i++) s += mu[i];
    return new Float64Array(n).fill(s / (p2 - p1));
  }
  // Math.pow(e, 0) is exactly 1: the usual nvict = 0 fits µ itself
  let y = mu;
  if (nvict !== 0) {
    y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = mu[i] * Math.pow(energy[i], nvict);
  }
  const line = polyfitEval(energy, y, p1, p2, 1, energy);
  if (nvict !== 0) for (let i = 0; i < n; i++) line[i] *= Math.pow(energy[i], -nvict);
  return line;
}

function postPoly(energy: Float64Array, mu: Float64Array, pre: Float64Array, e0: number, norm1: number, norm2: number, nnormIn: number): { postEdge: Float64Array; nnormUsed: number } {
  const n = energy.length;
  let nnorm = nnormIn;
  let p1 = indexOf(energy, e0 + norm1);
  const p2 = indexNearest(energy, e0 + norm2);
  if (p1 > n - 3) p1 = n - 3;
  if (p2 - p1 < 2) {
    p1 -= 2;
    nnorm = 0;
  } else if (p2 - p1 < 5) nnorm = Math.min(1, nnorm);
  p1 = Math.max(0, p1);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = mu[i] - pre[i];
  const fitPts = p2 - p1;
  const deg = Math.min(nnorm, Math.max(0, fitPts - 1));
  const poly = polyfitEval(energy, y, p1, p2, deg, energy);
  for (let i = 0; i < n; i++) poly[i] += pre[i];
  return { postEdge: poly, nnormUsed: nnorm };
}
