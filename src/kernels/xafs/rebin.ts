import { etok } from './constants.ts';
import { KTOE } from './constants.ts';
import { indexOf } from './pyutil.ts';

export interface RebinParams {
  readonly e0: number;
  /** Start of the pre-edge region relative to e0; null = the first point, rounded to pre_step. */
  readonly pre1?: number | null;
  readonly pre2?: number;
  readonly preStep?: number;
  /** XANES step; null = from the data (never finer than the data's mean step). */
  readonly xanesStep?: number | null;
  readonly exafs1?: number;
  readonly exafs2?: number | null;
  readonly exafsKstep?: number;
  readonly method?: 'centroid' | 'boxcar';
}

export interface Rebinned {
  readonly energy: Float64Array;
  readonly mu: Float64Array;
  /** Standard deviation of the input points in each bin. */
  readonly deltaMu: Float64Array;
}

function linspace(a: number, b: number, n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [a];
  const step = (b - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + i * step));
}

/**
 * larch rebin_xafs: a standard three-region grid (pre-edge in pre_step eV, XANES in xanes_step eV, EXAFS in
 * exafs_kstep Å⁻¹); every input point belongs to exactly one bin; a bin's value is the centroid (or mean) of
 * its points, or a linear interpolation when it holds fewer than 3 (NaN outside those points).
 */
export function rebinXafs(energy: Float64Array, mu: Float64Array, p: RebinParams): Rebinned {
  const n = energy.length;
  const e0 = p.e0;
  const preStep = p.preStep ?? 2;
  let emin = Infinity;
  let emax = -Infinity;
  for (const e of energy) {
    emin = Math.min(emin, e);
    emax = Math.max(emax, e);
  }
  const pre1 = p.pre1 ?? preStep * Math.trunc((emin - e0) / preStep);
  const pre2 = p.pre2 ?? -30;
  const exafs1 = p.exafs1 ?? 15;
  const exafs2 = p.exafs2 ?? emax - e0;
  const kstep = p.exafsKstep ?? 0.05;
  const n1 = Math.max(2, Math.trunc(n / 100));
  let sum = 0;
  for (let i = n1 + 1; i < n - n1; i++) sum += energy[i] - energy[i - 1];
  const deMean = sum / (n - 2 * n1 - 1);
  const xanesDef = Math.max(0.1, 0.05 * (1 + Math.trunc(deMean / 0.05)));
  const xanesStep = p.xanesStep == null ? xanesDef : Math.max(p.xanesStep, xanesDef);
  const en: number[] = [];
  for (const [start0, stop0, step, isK] of [[pre1, pre2, preStep, false], [pre2, exafs1, xanesStep, false], [exafs1, exafs2, kstep, true]] as const) {
    const start = isK ? etok(start0) : start0;
    const stop = isK ? etok(stop0) : stop0;
    for (const v of linspace(start + step, stop, Math.trunc(0.1 + Math.abs(stop - start) / step))) en.push(e0 + (isK ? v * v * KTOE : v));
  }
  const bounds = en.map((e) => indexOf(energy, e));
  const out = new Float64Array(en.length);
  const err = new Float64Array(en.length);
  let j0 = 0;
  for (let i = 0; i < en.length; i++) {
    const j1 = i === en.length - 1 ? n - 1 : Math.trunc((bounds[i] + bounds[i + 1] + 1) / 2);
    if (j1 - j0 < 3) {
      let jx = j1 + 1;
      if (jx - j0 < 2) jx += 1;
      out[i] = interpInside(energy, mu, j0, Math.min(jx, n), en[i]);
    } else if (p.method === 'boxcar') {
      let s = 0;
      for (let j = j0; j < j1; j++) s += mu[j];
      out[i] = s / (j1 - j0);
    } else {
      let s = 0;
      let se = 0;
      for (let j = j0; j < j1; j++) {
        s += mu[j] * energy[j];
        se += energy[j];
      }
      out[i] = s / (j1 - j0) / (se / (j1 - j0));
    }
    err[i] = std(mu, j0, j1);
    j0 = j1;
  }
  return { energy: Float64Array.from(en), mu: out, deltaMu: err };
}

/** Linear interpolation within x[a:b]; NaN outside (scipy interp1d with bounds_error=False). */
function interpInside(x: Float64Array, y: Float64Array, a: number, b: number, v0: number): number {
  if (b - a < 1) return NaN;
  // the k → E round trip of the last grid point may overshoot the last energy by an ulp or so
  const tol = 1e-9 * Math.abs(v0);
  const v = v0 > x[b - 1] && v0 - x[b - 1] < tol ? x[b - 1] : v0 < x[a] && x[a] - v0 < tol ? x[a] : v0;
  if (v < x[a] || v > x[b - 1]) return NaN;
  if (b - a === 1) return y[a]; // scipy's interp1d on one point: its value there, NaN elsewhere
  let j = a;
  while (j < b - 2 && x[j + 1] < v) j++;
  return y[j] + ((y[j + 1] - y[j]) * (v - x[j])) / (x[j + 1] - x[j]);
}

function std(y: Float64Array, a: number, b: number): number {
  if (b <= a) return NaN;
  let m = 0;
  for (let j = a; j < b; j++) m += y[j];
  m /= b - a;
  let v = 0;
  for (let j = a; j < b; j++) v += (y[j] - m) ** 2;
  return Math.sqrt(v / (b - a));
}
