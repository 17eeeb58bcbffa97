import { autobkKnots, basisSparse } from './bspline.ts';
import { ETOK, etok } from './constants.ts';
import { designColumns, exactBasis } from './autobk-design.ts';
import { applySpline, planSpline, type SplinePlan } from './cubic-spline.ts';
import { lowDftPair, lowDftRange } from './dft.ts';
import { ftwindow, type WindowName } from './ftwindow.ts';
import { intPow } from './xftf.ts';
import { applyQt, householderInPlace, lstsqInPlace, reflectorNorms } from './lstsq.ts';
import { indexNearest, indexNearestSorted, indexOf } from './pyutil.ts';

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
 * What autobk's least squares needs that depends only on the output k grid, the knots and the parameters,
 * not on µ: the background basis on kout (G, dense, with each row's non-zero column range), the k-weighted
 * window, the Householder QR of the basis columns' low-R DFT (H), and the clamp rows. Repeated scans on
 * one energy grid (the usual case at a beamline) share it: it is cached (up to MAX_SHAPES entries, most recent first).
 */
interface Shape {
  readonly knots: Float64Array;
  readonly nout: number;
  readonly kmin: number;
  readonly kmax: number;
  readonly p: AutobkParams;
  readonly irbkg: number;
  readonly exact: boolean;
  readonly nspl: number;
  readonly g: Float64Array;
  readonly rowLo: Int32Array;
  readonly rowHi: Int32Array;
  readonly ftwin: Float64Array;
  /** Non-zero range of ftwin. */
  readonly winLo: number;
  readonly winHi: number;
  readonly hr: Float64Array;
  readonly rdiag: Float64Array;
  readonly vv: Float64Array;
  readonly clampIdx: Int32Array;
  readonly clampW: Float64Array;
}

const SHAPES: Shape[] = [];
/** Grids kept (≈80 kB each): enough for the bench's ten files and a few scan types of a beamtime. */
const MAX_SHAPES = 32;

/**
 * Per energy grid above E0 (kr) and knots: the not-a-knot spline plan from kr to kout and the background
 * basis on kr. Scans on one grid with the same E0 share them.
 */
interface RawGrid {
  readonly kr: Float64Array;
  readonly nout: number;
  /** kout[1], i.e. kstep: kout is kstep·i. */
  readonly kstep: number;
  readonly knots: Float64Array;
  readonly plan: SplinePlan;
  readonly span: Int32Array;
  readonly vals: Float64Array;
}
const GRIDS: RawGrid[] = [];

function sameArray(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function rawGrid(kr: Float64Array, kout: Float64Array, knots: Float64Array): RawGrid {
  for (let i = 0; i < GRIDS.length; i++) {
    const g = GRIDS[i];
    if (g.nout === kout.length && g.kstep === kout[1] && sameArray(g.knots, knots) && sameArray(g.kr, kr)) {
      if (i > 0) {
        GRIDS.splice(i, 1);
        GRIDS.unshift(g);
      }
      return g;
    }
  }
  const { span, vals } = basisSparse(knots, kr);
  const g = { kr: kr.slice(), nout: kout.length, kstep: kout[1], knots: knots.slice(), plan: planSpline(kr, kout), span, vals };
  GRIDS.unshift(g);
  if (GRIDS.length > MAX_SHAPES) GRIDS.pop();
  return g;
}

/** Forgets the cached per-grid work (benchmarks measure the cold path with it). */
export function clearAutobkCache(): void {
  SHAPES.length = 0;
  GRIDS.length = 0;
}

function sameParams(a: AutobkParams, b: AutobkParams): boolean {
  return a.rbkg === b.rbkg && a.kweight === b.kweight && a.kmin === b.kmin && a.dk === b.dk && a.window === b.window && a.nfft === b.nfft &&
    a.kstep === b.kstep && a.nclamp === b.nclamp && a.clampLo === b.clampLo && a.clampHi === b.clampHi;
}

function findShape(knots: Float64Array, nout: number, kmax: number, p: AutobkParams, exact: boolean): Shape | null {
  for (let i = 0; i < SHAPES.length; i++) {
    const s = SHAPES[i];
    if (s.nout !== nout || s.kmax !== kmax || s.exact !== exact || s.knots.length !== knots.length || !sameParams(s.p, p)) continue;
    let same = true;
    for (let j = 0; j < knots.length && same; j++) same = s.knots[j] === knots[j];
    if (!same) continue;
    if (i > 0) {
      SHAPES.splice(i, 1);
      SHAPES.unshift(s);
    }
    return s;
  }
  return null;
}

function buildShape(knots: Float64Array, kout: Float64Array, kmax: number, p: AutobkParams, irbkg: number, nspl: number, exact: boolean, gx: Float64Array | null): Shape {
  const nout = kout.length;
  const w = nspl + 1;
  const win = ftwindow(kout, p.kmin, kmax, p.dk, p.dk, p.window);
  const ftwin = new Float64Array(nout);
  let winLo = nout;
  let winHi = 0;
  for (let i = 0; i < nout; i++) {
    ftwin[i] = (Number.isInteger(p.kweight) ? intPow(kout[i], p.kweight) : Math.pow(kout[i], p.kweight)) * win[i];
    if (ftwin[i] !== 0) {
      if (i < winLo) winLo = i;
      winHi = i + 1;
    }
  }
  const g = new Float64Array(nout * nspl);
  const rowLo = new Int32Array(nout);
  const rowHi = new Int32Array(nout).fill(nspl);
  if (gx === null) {
    const { span, vals } = basisSparse(knots, kout);
    for (let i = 0; i < nout; i++) {
      const c0 = span[i] - 3;
      for (let r = 0; r < 4; r++) g[i * nspl + c0 + r] = vals[4 * i + r];
      rowLo[i] = c0;
      rowHi[i] = c0 + 4;
    }
  } else for (let i = 0; i < nout; i++) for (let j = 0; j < nspl; j++) g[i * nspl + j] = gx[i * w + j];
  // the DFT of each windowed basis column, summed only where it is non-zero (B-splines are local), two at a time
  const nf = 2 * irbkg;
  const h = new Float64Array(nf * nspl);
  const cols = Array.from({ length: nspl }, () => new Float64Array(nout));
  const lo = new Int32Array(nspl).fill(nout);
  const hi = new Int32Array(nspl);
  for (let i = 0; i < nout; i++) {
    const fw = ftwin[i];
    for (let j = rowLo[i]; j < rowHi[i]; j++) {
      const v = g[i * nspl + j] * fw;
      cols[j][i] = v;
      if (v !== 0) {
        if (i < lo[j]) lo[j] = i;
        hi[j] = i + 1;
      }
    }
  }
  let j = 0;
  for (; j + 1 < nspl; j += 2) lowDftPair(cols[j], cols[j + 1], nout, Math.min(lo[j], lo[j + 1]), Math.max(hi[j], hi[j + 1]), irbkg, p.nfft, p.kstep, h, nspl, j);
  if (j < nspl) lowDftRange(cols[j], nout, lo[j], hi[j], irbkg, p.nfft, p.kstep, h, nspl, j);
  // out(c) = o0 − H·c. Reduce H once by QR: ‖o0 − Hc‖² = ‖Qᵀo0 − Rc‖², the tail of Qᵀo0 being the floor
  const rdiag = householderInPlace(h, nf, nspl, new Float64Array(nf));
  const vv = reflectorNorms(h, nf, nspl);
  const ncl = Math.min(p.nclamp, nout);
  const idx: number[] = [];
  const cw: number[] = [];
  if (ncl > 0) {
    for (let i = 0; i < ncl; i++) if (p.clampLo !== 0) (idx.push(i), cw.push(Math.abs(p.clampLo)));
    for (let i = nout - ncl; i < nout; i++) if (p.clampHi !== 0) (idx.push(i), cw.push(Math.abs(p.clampHi)));
  }
  return {
    knots: knots.slice(), nout, kmin: p.kmin, kmax, p, irbkg, exact, nspl, g, rowLo, rowHi, ftwin, winLo, winHi,
    hr: h, rdiag, vv, clampIdx: Int32Array.from(idx), clampW: Float64Array.from(cw),
  };
}

/**
 * larch autobk, solved exactly: the residual is linear in the spline coefficients c except for the clamp
 * scale s(c) = 0.1 + 10·mean(out²). At the minimum of ‖out‖² + s²‖clamp‖² the gradient condition is that
 * of a weighted linear least squares with weight λ = s²/(1 + 20·s·‖clamp‖²/N), so we iterate on λ alone,
 * re-solving a tiny (nspl + clamp rows) × nspl QR each time. Everything that depends only on the k grid and
 * the knots (the basis, its windowed DFT and that DFT's QR) is cached per grid; per spectrum remain the
 * spline of µ onto the k grid, its DFT, and the small solves.
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

  let nspl = 1 + Math.trunc((2 * rbkg * (kmax - kmin)) / Math.PI);
  const irbkg = Math.trunc(1 + ((nspl - 1) * Math.PI) / (2 * rgrid * (kmax - kmin)));
  nspl = Math.max(5, Math.min(128, nspl));
  const nodes = new Float64Array(nspl);
  // kraw rises with the energy (sorted): bisection finds the node the linear scan would
  let sorted = true;
  for (let i = 1; i < nraw && sorted; i++) sorted = kraw[i] >= kraw[i - 1];
  const nearest = sorted ? indexNearestSorted : indexNearest;
  for (let i = 0; i < nspl; i++) nodes[i] = kraw[nearest(kraw, kmin + (i * (kmax - kmin)) / (nspl - 1))];
  const knots = autobkKnots(nodes);

  const nkr = iemax - iek0 + 1;
  if (nkr < 4) throw new Error(`autobk: only ${nkr} points between E0 and kmax`);
  const kr = kraw.subarray(0, nkr);
  for (let i = 1; i < nkr; i++) if (!(kr[i] > kr[i - 1])) throw new Error('autobk: energy must be strictly increasing above E0');
  const m = mu.subarray(iek0, iemax + 1);
  const w = nspl + 1;
  const nf = 2 * irbkg;
  // chi0: the not-a-knot spline of µ on kout (the data column); the basis columns come from the shape
  const exact = exactBasis(kr, knots);
  let shape = exact ? findShape(knots, nout, kmax, p, true) : null;
  const chi0 = new Float64Array(nout);
  const grid = exact ? rawGrid(kr, kout, knots) : null;
  if (grid !== null) {
    applySpline(grid.plan, m, chi0);
    if (shape === null) {
      shape = buildShape(knots, kout, kmax, p, irbkg, nspl, true, null);
      SHAPES.unshift(shape);
      if (SHAPES.length > MAX_SHAPES) SHAPES.pop();
    }
  } else {
    const gx = designColumns(kr, m, kout, knots, nspl, true);
    for (let i = 0; i < nout; i++) chi0[i] = gx[i * w + nspl];
    shape = buildShape(knots, kout, kmax, p, irbkg, nspl, false, gx);
  }
  const { g, rowLo, rowHi, ftwin, hr, rdiag, vv, clampIdx, clampW } = shape;
  const col = new Float64Array(nout);
  for (let i = shape.winLo; i < shape.winHi; i++) col[i] = chi0[i] * ftwin[i];
  const z = new Float64Array(nf);
  lowDftRange(col, nout, shape.winLo, shape.winHi, irbkg, p.nfft, p.kstep, z, 1, 0);
  applyQt(hr, nf, nspl, vv, z);
  let floor = 0;
  for (let r = nspl; r < nf; r++) floor += z[r] * z[r];

  const ncr = clampIdx.length;
  const rows = nspl + ncr;
  const a = new Float64Array(rows * nspl);
  const b = new Float64Array(rows);
  const solve = (lambda: number): Float64Array => {
    a.fill(0);
    for (let j = 0; j < nspl; j++) {
      a[j * nspl + j] = rdiag[j];
      for (let k = j + 1; k < nspl; k++) a[j * nspl + k] = hr[j * nspl + k];
      b[j] = z[j];
    }
    const sl = Math.sqrt(lambda);
    for (let r = 0; r < ncr; r++) {
      const row = nspl + r;
      const idx = clampIdx[r];
      const cw = clampW[r];
      for (let j = 0; j < nspl; j++) a[row * nspl + j] = sl * cw * g[idx * nspl + j];
      b[row] = sl * cw * chi0[idx];
    }
    return lstsqInPlace(a, rows, nspl, b);
  };
  let lambda = 0.01;
  let c = solve(lambda);
  let iterations = 1;
  if (ncr > 0) {
    for (; iterations < 200; iterations++) {
      let o2 = floor;
      for (let r = 0; r < nspl; r++) {
        let v = z[r] - rdiag[r] * c[r];
        for (let j = r + 1; j < nspl; j++) v -= hr[r * nspl + j] * c[j];
        o2 += v * v;
      }
      let q2 = 0;
      for (let r = 0; r < ncr; r++) {
        const idx = clampIdx[r];
        let v = chi0[idx];
        for (let j = 0; j < nspl; j++) v -= g[idx * nspl + j] * c[j];
        q2 += clampW[r] * clampW[r] * v * v;
      }
      const s = 0.1 + (10 * o2) / nf;
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
    for (let j = rowLo[i]; j < rowHi[i]; j++) v -= g[i * nspl + j] * c[j];
    chi[i] = v / edgeStep;
  }
  const bkg = mu.slice();
  const { span, vals } = grid ?? basisSparse(knots, kr);
  for (let i = 0; i < nkr; i++) {
    const c0 = span[i] - 3;
    let v = 0;
    for (let r = 0; r < 4; r++) v += vals[4 * i + r] * c[c0 + r];
    bkg[iek0 + i] = v;
  }
  const chie = new Float64Array(n);
  for (let i = 0; i < n; i++) chie[i] = (mu[i] - bkg[i]) / edgeStep;
  return { k: kout, chi, bkg, chie, kmax, nspl, irbkg, iek0, iemax, knots, coefs: c, iterations };
}
