import { autobkKnots, basisMatrix } from './bspline.ts';
import { ETOK, etok } from './constants.ts';
import { designColumns } from './autobk-design.ts';
import { lowDftPair, lowDftRange } from './dft.ts';
import { ftwindow, type WindowName } from './ftwindow.ts';
import { intPow } from './xftf.ts';
import { householderInPlace, lstsqInPlace } from './lstsq.ts';
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
  for (let i = 0; i < nout; i++) ftwin[i] = (Number.isInteger(p.kweight) ? intPow(kout[i], p.kweight) : Math.pow(kout[i], p.kweight)) * win[i];

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
  const w = nspl + 1;
  const nf = 2 * irbkg;
  const gx = designColumns(kr, m, kout, knots, nspl);
  // the DFT of each windowed column, summed only where it is non-zero (B-splines are local), two at a time
  const f = new Float64Array(nf * w);
  const cols = Array.from({ length: w }, () => new Float64Array(nout));
  const lo = new Int32Array(w).fill(nout);
  const hi = new Int32Array(w);
  for (let i = 0; i < nout; i++) {
    const fw = ftwin[i];
    for (let j = 0; j < w; j++) {
      const v = gx[i * w + j] * fw;
      cols[j][i] = v;
      if (v !== 0) {
        if (i < lo[j]) lo[j] = i;
        hi[j] = i + 1;
      }
    }
  }
  let j = 0;
  for (; j + 1 < w; j += 2) lowDftPair(cols[j], cols[j + 1], nout, Math.min(lo[j], lo[j + 1]), Math.max(hi[j], hi[j + 1]), irbkg, p.nfft, p.kstep, f, w, j);
  if (j < w) lowDftRange(cols[j], nout, lo[j], hi[j], irbkg, p.nfft, p.kstep, f, w, j);
  // out(c) = o0 − H·c. Reduce H once by QR: ‖o0 − Hc‖² = ‖z − Rc‖² + floor
  const h = new Float64Array(nf * nspl);
  const o0 = new Float64Array(nf);
  for (let r = 0; r < nf; r++) {
    for (let j = 0; j < nspl; j++) h[r * nspl + j] = f[r * w + j];
    o0[r] = f[r * w + nspl];
  }
  const hr = h.slice();
  const z = o0.slice();
  const rdiag = householderInPlace(hr, nf, nspl, z);
  let floor = 0;
  for (let r = nspl; r < nf; r++) floor += z[r] * z[r];

  const ncl = Math.min(p.nclamp, nout);
  const clampRows: { idx: number; w: number }[] = [];
  if (ncl > 0) {
    for (let i = 0; i < ncl; i++) if (p.clampLo !== 0) clampRows.push({ idx: i, w: Math.abs(p.clampLo) });
    for (let i = nout - ncl; i < nout; i++) if (p.clampHi !== 0) clampRows.push({ idx: i, w: Math.abs(p.clampHi) });
  }
  const rows = nspl + clampRows.length;
  const solve = (lambda: number): Float64Array => {
    const a = new Float64Array(rows * nspl);
    const b = new Float64Array(rows);
    for (let j = 0; j < nspl; j++) {
      a[j * nspl + j] = rdiag[j];
      for (let k = j + 1; k < nspl; k++) a[j * nspl + k] = hr[j * nspl + k];
      b[j] = z[j];
    }
    const sl = Math.sqrt(lambda);
    clampRows.forEach(({ idx, w: cw }, r) => {
      const row = nspl + r;
      for (let j = 0; j < nspl; j++) a[row * nspl + j] = sl * cw * gx[idx * w + j];
      b[row] = sl * cw * gx[idx * w + nspl];
    });
    return lstsqInPlace(a, rows, nspl, b);
  };
  const stats = (c: Float64Array): { s: number; q2: number } => {
    let o2 = floor;
    for (let r = 0; r < nspl; r++) {
      let v = z[r] - rdiag[r] * c[r];
      for (let j = r + 1; j < nspl; j++) v -= hr[r * nspl + j] * c[j];
      o2 += v * v;
    }
    let q2 = 0;
    for (const { idx, w: cw } of clampRows) {
      let v = gx[idx * w + nspl];
      for (let j = 0; j < nspl; j++) v -= gx[idx * w + j] * c[j];
      q2 += cw * cw * v * v;
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
    let v = gx[i * w + nspl];
    for (let j = 0; j < nspl; j++) v -= gx[i * w + j] * c[j];
    chi[i] = v / edgeStep;
  }
  const bkg = Float64Array.from(mu);
  const bkr = basisMatrix(knots, kr);
  for (let i = 0; i < nkr; i++) {
    let v = 0;
    for (let j = 0; j < nspl; j++) v += bkr[i * nspl + j] * c[j];
    bkg[iek0 + i] = v;
  }
  const chie = new Float64Array(n);
  for (let i = 0; i < n; i++) chie[i] = (mu[i] - bkg[i]) / edgeStep;
  return { k: kout, chi, bkg, chie, kmax, nspl, irbkg, iek0, iemax, knots, coefs: c, iterations };
}
