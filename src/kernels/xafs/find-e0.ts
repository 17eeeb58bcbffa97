import { lorentzianSmooth } from './smooth.ts';
import { derivative, isStrictlyIncreasing, pyMax, pyMin, removeDups } from './pyutil.ts';

/** The edge energy E0 as larch's find_e0 picks it: always a grid value, never interpolated. */
export interface FindE0Result {
  readonly e0: number;
  /** Index into the energy array. */
  readonly ie0: number;
}

export function findE0(energy: Float64Array, mu: Float64Array): FindE0Result {
  const n = energy.length;
  if (n < 3) throw new Error(`find_e0 needs at least 3 points, got ${n}`);
  const first = finde0Pass(energy, mu, null, false);
  let e1 = first.e;
  const ie0 = first.i;
  let istart = Math.max(3, ie0 - 75);
  let istop = Math.min(ie0 + 75, n - 3);
  if (ie0 < 0.05 * n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += energy[i];
    e1 = s / n;
    istart = Math.max(3, ie0 - 20);
    istop = n - 3;
  }
  const estep = 0.5 * (pyMax(0.01, pyMin(1, first.estep)) + pyMax(0.01, pyMin(1, e1 / 25000)));
  if (istop - istart < 3) return { e0: energy[Math.min(istart + 2, n - 1)], ie0: Math.min(istart + 2, n - 1) };
  const second = finde0Pass(energy.subarray(istart, istop), mu.subarray(istart, istop), estep, true);
  const ix = second.i < 1 ? 2 : second.i;
  return { e0: second.i < 1 ? energy[istart + 2] : second.e, ie0: istart + ix };
}

interface Pass {
  readonly e: number;
  readonly i: number;
  readonly estep: number;
}

function finde0Pass(enIn: Float64Array, muIn: Float64Array, estepIn: number | null, smooth: boolean): Pass {
  const full = removeDups(enIn);
  // larch keeps where(diff(argsort(en)) == 1): for sorted data the last point is dropped
  let en: Float64Array;
  let mu: Float64Array;
  if (isStrictlyIncreasing(full)) {
    en = full.subarray(0, full.length - 1);
    mu = muIn.subarray(0, full.length - 1);
  } else {
    const keep = sortedKeep(full);
    en = new Float64Array(keep.length);
    mu = new Float64Array(keep.length);
    for (let j = 0; j < keep.length; j++) {
      en[j] = full[keep[j]];
      mu[j] = muIn[keep[j]];
    }
  }
  const n = en.length;
  const estep = estepIn ?? energyStep(en);
  const nmin = Math.max(3, Math.trunc(0.02 * n));
  let d = derivative(en, mu);
  if (smooth) d = lorentzianSmooth(en, d, estep, estep);
  for (let i = 0; i < n; i++) if (!Number.isFinite(d[i])) d[i] = -1;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = nmin; i < n - nmin; i++) {
    lo = Math.min(lo, d[i]);
    hi = Math.max(hi, d[i]);
  }
  const ptp = Math.max(1e-10, hi - lo);
  for (let i = 0; i < n; i++) d[i] = (d[i] - lo) / ptp;
  let dhigh = n <= 20 ? 0.3 : 0.6;
  let high = above(d, dhigh);
  if (high.length < 3) {
    for (let t = 0; t < 2; t++) {
      if (high.length > 3) break;
      dhigh /= 2;
      high = above(d, dhigh);
    }
    if (high.length < 3) {
      high = [];
      for (let i = 0; i < n; i++) if (Number.isFinite(d[i])) high.push(i);
    }
  }
  const inHigh = new Uint8Array(n + 1);
  for (const i of high) inHigh[i] = 1;
  let best = 0;
  let ibest = 0;
  for (const i of high) {
    if (i < nmin || i > n - nmin) continue;
    if (i < 1 || i + 1 > n - 1 || !inHigh[i - 1] || !inHigh[i + 1]) continue;
    if (d[i] > best) {
      best = d[i];
      ibest = i;
    }
  }
  return { e: en[ibest], i: ibest, estep };
}

function above(d: Float64Array, t: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < d.length; i++) if (d[i] > t) out.push(i);
  return out;
}

/** Indices i where argsort(en)[i+1] − argsort(en)[i] == 1, as larch's _finde0 keeps them. */
function sortedKeep(en: Float64Array): number[] {
  const order = Array.from(en.keys()).sort((a, b) => en[a] - en[b] || a - b);
  const keep: number[] = [];
  for (let i = 0; i + 1 < order.length; i++) if (order[i + 1] - order[i] === 1) keep.push(i);
  return keep;
}

/** larch find_energy_step: NaN when fewer than 100 points (an empty slice). */
export function energyStep(en: Float64Array): number {
  const n = en.length;
  const nskip = Math.trunc(0.01 * n);
  if (nskip === 0) return NaN;
  const s = (isStrictlyIncreasing(en) ? en : Float64Array.from(en).sort()).subarray(nskip, n - nskip);
  // the k = nskip + 10 smallest differences, kept sorted (a full sort is not needed)
  const k = nskip + 10;
  const small = new Float64Array(k);
  let have = 0;
  for (let i = 1; i < s.length; i++) {
    const d = s[i] - s[i - 1];
    if (have === k && !(d < small[k - 1])) continue;
    let j = have < k ? have++ : k - 1;
    while (j > 0 && small[j - 1] > d) {
      small[j] = small[j - 1];
      j--;
    }
    small[j] = d;
  }
  const diffs = small.subarray(0, have);
  const sel = diffs.slice(nskip, nskip + 10);
  if (sel.length === 0) return NaN;
  let sum = 0;
  for (const v of sel) sum += v;
  return sum / sel.length;
}
