import { autobkKnots, basisMatrix } from './bspline.ts';
import { ETOK, etok } from './constants.ts';
import { applySpline, planSpline } from './cubic-spline.ts';
import { lowDft } from './dft.ts';
import { ftwindow, type WindowName } from './ftwindow.ts';
import { lstsqInPlace } from './lstsq.ts';
import { indexNearest, indexOf } from './pyutil.ts';

export interface AutobkParams {
  readonly rbkg: number;
  readonly kweight: number;
  readonly kmin: number;
  readonly kmax: number | null;
  readonly dk: number;
  readonly window: WindowName;
  readonly nfft: number;
  readonly kstep: number;
  readonly nclamp: number;
  readonly clampLo: number;
  readonly clampHi: number;
}

export const AUTOBK_DEFAULTS: AutobkParams = {
  rbkg: 1, kweight: 2, kmin: 0, kmax: null, dk: 0.1, window: 'hanning', nfft: 2048, kstep: 0.05, nclamp: 3, clampLo: 0, clampHi: 1,
};

export interface AutobkResult {
  readonly k: Float64Array;
  /** χ(k) on k, divided by the edge step. */
  readonly chi: Float64Array;
  readonly bkg: Float64Array;
  readonly chie: Float64Array;
  readonly kmax: number;
  readonly nspl: number;
  readonly irbkg: number;
  readonly iek0: number;
  readonly iemax: number;
  readonly knots: Float64Array;
  readonly coefs: Float64Array;
  /** Fixed-point iterations on the clamp weight. */
  readonly iterations: number;
}

/**
 * larch autobk, solved exactly: the residual is linear in the spline coefficients c except for the clamp
 * scale s(c) = 0.1 + 10·mean(out²). At the minimum of ‖out‖² + s²‖clamp‖² the gradient condition is that
 * of a weighted linear least squares with weight λ = s²/(1 + 20·s·‖clamp‖²/N), so we iterate on λ alone,
 * re-solving a tiny (2·irbkg + nclamp·2) × nspl QR each time.
 */
export function autobk(energy: Float64Array, mu: Float64Array, e0: number, edgeStep: number, params: Partial<AutobkParams> = {}): AutobkResult {
  const p: AutobkParams = { ...AUTOBK_DEFAULTS, ...params };
  const n = energy.length;
  const iek0 = indexOf(energy, e0);
  const rgrid = Math.PI / (p.kstep * p.nfft);
  const rbkg = Math.max(p.rbkg, 2 * rgrid);
  const nraw = n - iek0;
  const kraw = new Float64Array(nraw);
  let kmaxRaw = -Infinity;
  for (let i = 0; i < nraw; i++) {
    kraw[i] = etok(energy[iek0 + i] - e0);
    kmaxRaw = Math.max(kmaxRaw, kraw[i]);
  }
  const kmax = p.kmax === null ? kmaxRaw : Math.max(0, Math.min(kmaxRaw, p.kmax));
  const kmin = p.kmin;
  if (!(kmax > kmin)) throw new Error(`autobk: kmax (${kmax.toFixed(3)}) must exceed kmin (${kmin}): too few points above E0`);
  const nout = Math.trunc(1.01 + kmax / p.kstep);
  const kout = new Float64Array(nout);
  for (let i = 0; i < nout; i++) kout[i] = p.kstep * i;
  const iemax = Math.min(n, 2 + indexOf(energy, e0 + (kmax * kmax) / ETOK)) - 1;
  const win = ftwindow(kout, kmin, kmax, p.dk, p.dk, p.window);
  const ftwin = new Float64Array(nout);
  for (let i = 0; i < nout; i++) ftwin[i] = Math.pow(kout[i], p.kweight) * win[i];

  let nspl = 1 + Math.trunc((2 * rbkg * (kmax - kmin)) / Math.PI);
  const irbkg = Math.trunc(1 + ((nspl - 1) * Math.PI) / (2 * rgrid * (kmax - kmin)));
  nspl = Math.max(5, Math.min(128, nspl));
  const nodes = new Float64Array(nspl);
  for (let i = 0; i < nspl; i++) nodes[i] = kraw[indexNearest(kraw, kmin + (i * (kmax - kmin)) / (nspl - 1))];
  const knots = autobkKnots(nodes);

  const nkr = iemax - iek0 + 1;
  if (nkr < 4) throw new Error(`autobk: only ${nkr} points between E0 and kmax`);
  const kr = kraw.subarray(0, nkr);
  for (let i = 1; i < nkr; i++) if (!(kr[i] > kr[i - 1])) throw new Error('autobk: energy must be strictly increasing above E0');
  const m = mu.subarray(iek0, iemax + 1);
  const plan = planSpline(kr, kout);
  const bkr = basisMatrix(knots, kr);
  // chi(c) = chi0 − G·c on kout; out(c) = o0 − H·c
  const chi0 = applySpline(plan, m, new Float64Array(nout));
  const g = new Float64Array(nout * nspl);
  const col = new Float64Array(nkr);
  const gcol = new Float64Array(nout);
  const nf = 2 * irbkg;
  const h = new Float64Array(nf * nspl);
  const tmp = new Float64Array(nout);
  for (let j = 0; j < nspl; j++) {
    for (let i = 0; i < nkr; i++) col[i] = bkr[i * nspl + j];
    applySpline(plan, col, gcol);
    for (let i = 0; i < nout; i++) {
      g[i * nspl + j] = gcol[i];
      tmp[i] = gcol[i] * ftwin[i];
    }
    lowDft(tmp, irbkg, p.nfft, p.kstep, h, j, nspl);
  }
  for (let i = 0; i < nout; i++) tmp[i] = chi0[i] * ftwin[i];
  const o0 = new Float64Array(nf);
  lowDft(tmp, irbkg, p.nfft, p.kstep, o0);

  const ncl = Math.min(p.nclamp, nout);
  const clampRows: { idx: number; w: number }[] = [];
  if (ncl > 0) {
    for (let i = 0; i < ncl; i++) if (p.clampLo !== 0) clampRows.push({ idx: i, w: Math.abs(p.clampLo) });
    for (let i = nout - ncl; i < nout; i++) if (p.clampHi !== 0) clampRows.push({ idx: i, w: Math.abs(p.clampHi) });
  }
  const rows = nf + clampRows.length;
  const solve = (lambda: number): Float64Array => {
    const a = new Float64Array(rows * nspl);
    const b = new Float64Array(rows);
    a.set(h);
    b.set(o0);
    const sl = Math.sqrt(lambda);
    clampRows.forEach(({ idx, w }, r) => {
      const row = nf + r;
      for (let j = 0; j < nspl; j++) a[row * nspl + j] = sl * w * g[idx * nspl + j];
      b[row] = sl * w * chi0[idx];
    });
    return lstsqInPlace(a, rows, nspl, b);
  };
  const stats = (c: Float64Array): { s: number; q2: number } => {
    let o2 = 0;
    for (let f = 0; f < nf; f++) {
      let v = o0[f];
      for (let j = 0; j < nspl; j++) v -= h[f * nspl + j] * c[j];
      o2 += v * v;
    }
    let q2 = 0;
    for (const { idx, w } of clampRows) {
      let v = chi0[idx];
      for (let j = 0; j < nspl; j++) v -= g[idx * nspl + j] * c[j];
      q2 += w * w * v * v;
    }
    return { s: 0.1 + (10 * o2) / nf, q2 };
  };
  let lambda = 0.01;
  let c = solve(lambda);
  let iterations = 1;
  if (clampRows.length > 0) {
    for (; iterations < 200; iterations++) {
      const { s, q2 } = stats(c);
      const next = (s * s) / (1 + (20 * s * q2) / nf);
      const done = Math.abs(next - lambda) <= 1e-13 * lambda;
      lambda = next;
      c = solve(lambda);
      if (done) break;
    }
  }

  const chi = new Float64Array(nout);
  for (let i = 0; i < nout; i++) {
    let v = chi0[i];
    for (let j = 0; j < nspl; j++) v -= g[i * nspl + j] * c[j];
    chi[i] = v / edgeStep;
  }
  const bkg = Float64Array.from(mu);
  for (let i = 0; i < nkr; i++) {
    let v = 0;
    for (let j = 0; j < nspl; j++) v += bkr[i * nspl + j] * c[j];
    bkg[iek0 + i] = v;
  }
  const chie = new Float64Array(n);
  for (let i = 0; i < n; i++) chie[i] = (mu[i] - bkg[i]) / edgeStep;
  return { k: kout, chi, bkg, chie, kmax, nspl, irbkg, iek0, iemax, knots, coefs: c, iterations };
}
