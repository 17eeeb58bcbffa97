import { fftInPlace, realFftLow } from './fft.ts';
import { ftwindow, type WindowName } from './ftwindow.ts';
import { interpLinear } from './pyutil.ts';

export interface XftfParams {
  readonly kmin: number;
  readonly kmax: number;
  readonly dk: number;
  readonly dk2?: number | null;
  readonly window: WindowName;
  readonly kweight: number;
  readonly rmaxOut: number;
  readonly nfft: number;
  /** Grid step; null = k[1] − k[0]. */
  readonly kstep?: number | null;
}

/** The project's χ(R) defaults (the reference README's, not larch's kaiser default). */
export const XFTF_DEFAULTS: XftfParams = { kmin: 3, kmax: 12, dk: 1, dk2: null, window: 'hanning', kweight: 2, rmaxOut: 10, nfft: 2048 };

export interface XftfResult {
  readonly r: Float64Array;
  readonly chirMag: Float64Array;
  readonly chirRe: Float64Array;
  readonly chirIm: Float64Array;
  /** The window on the input k grid. */
  readonly kwin: Float64Array;
}

/** larch xftf: χ(R) = (δk/√π) Σ χ(kₙ)kₙʷW(kₙ) e^{−2ikₙR}, on R = 0 … rmax_out. */
export function xftf(k: Float64Array, chi: Float64Array, params: Partial<XftfParams> = {}): XftfResult {
  const p = { ...XFTF_DEFAULTS, ...params };
  const nk = k.length;
  if (nk < 2) throw new Error('xftf needs at least 2 k points');
  const kstep = p.kstep ?? k[1] - k[0];
  const kw = Math.trunc(p.kweight);
  const dk2 = p.dk2 ?? p.dk;
  let kmaxData = -Infinity;
  for (let i = 0; i < nk; i++) kmaxData = Math.max(kmaxData, k[i]);
  const npts = Math.trunc(1.01 + kmaxData / kstep);
  const kmaxGrid = Math.max(kmaxData, p.kmax + dk2);
  const ng = Math.trunc(1.01 + kmaxGrid / kstep);
  const kg = new Float64Array(ng);
  for (let i = 0; i < ng; i++) kg[i] = kstep * i;
  const chig = interpLinear(k, chi, kg);
  const win = cachedWindow(kg, kstep, p.kmin, p.kmax, p.dk, dk2, p.window);
  const nuse = Math.min(npts, ng, p.nfft);
  const x = new Float64Array(nuse);
  for (let i = 0; i < nuse; i++) x[i] = chig[i] * intPow(kg[i], kw) * win[i];
  const rstep = Math.PI / (kstep * p.nfft);
  const nr = Math.trunc(Math.min(p.nfft / 2, 1.01 + p.rmaxOut / rstep));
  const re = new Float64Array(nr);
  const im = new Float64Array(nr);
  realFftLow(x, p.nfft, nr, re, im);
  const scale = kstep / Math.sqrt(Math.PI);
  const r = new Float64Array(nr);
  const chirRe = new Float64Array(nr);
  const chirIm = new Float64Array(nr);
  const chirMag = new Float64Array(nr);
  for (let i = 0; i < nr; i++) {
    r[i] = rstep * i;
    chirRe[i] = scale * re[i];
    chirIm[i] = scale * im[i];
    chirMag[i] = Math.sqrt(chirRe[i] * chirRe[i] + chirIm[i] * chirIm[i]);
  }
  return { r, chirMag, chirRe, chirIm, kwin: win.slice(0, nk) };
}

export interface XftrParams {
  readonly rmin: number;
  readonly rmax: number;
  readonly dr: number;
  readonly dr2?: number | null;
  readonly window: WindowName;
  readonly rweight: number;
  readonly qmaxOut: number;
  readonly nfft: number;
}

export const XFTR_DEFAULTS: XftrParams = { rmin: 1, rmax: 3, dr: 0.5, dr2: null, window: 'hanning', rweight: 0, qmaxOut: 20, nfft: 2048 };

export interface XftrResult {
  readonly q: Float64Array;
  readonly chiqMag: Float64Array;
  readonly chiqRe: Float64Array;
  readonly chiqIm: Float64Array;
  readonly rwin: Float64Array;
}

/** larch xftr: back-transform of a windowed χ(R) (complex) to χ̃(q) = (4√π/δk)·ifft(...)[q]. */
export function xftr(r: Float64Array, chirRe: Float64Array, chirIm: Float64Array, params: Partial<XftrParams> = {}): XftrResult {
  const p = { ...XFTR_DEFAULTS, ...params };
  const nr = r.length;
  if (nr < 2) throw new Error('xftr needs at least 2 R points');
  const rstep = r[1] - r[0];
  const kstep = Math.PI / (rstep * p.nfft);
  const win = ftwindow(r, p.rmin, p.rmax, p.dr, p.dr2 ?? p.dr, p.window);
  const re = new Float64Array(p.nfft);
  const im = new Float64Array(p.nfft);
  for (let i = 0; i < Math.min(nr, p.nfft); i++) {
    const w = win[i] * Math.pow(r[i], p.rweight);
    re[i] = chirRe[i] * w;
    im[i] = chirIm[i] * w;
  }
  fftInPlace(re, im, true);
  const nq = Math.min(p.nfft / 2, Math.trunc(1.05 + p.qmaxOut / kstep));
  const scale = (4 * Math.sqrt(Math.PI)) / kstep / p.nfft;
  const q = new Float64Array(nq);
  const chiqRe = new Float64Array(nq);
  const chiqIm = new Float64Array(nq);
  const chiqMag = new Float64Array(nq);
  for (let i = 0; i < nq; i++) {
    q[i] = kstep * i;
    chiqRe[i] = scale * re[i];
    chiqIm[i] = scale * im[i];
    chiqMag[i] = Math.sqrt(chiqRe[i] * chiqRe[i] + chiqIm[i] * chiqIm[i]);
  }
  return { q, chiqMag, chiqRe, chiqIm, rwin: win };
}

/** ftwindow on the grid kstep·i (i < kg.length), kept for the last few (grid, window) pairs: read-only. */
interface CachedWindow {
  readonly n: number;
  readonly kstep: number;
  readonly key: string;
  readonly win: Float64Array;
}
const windows: CachedWindow[] = [];

function cachedWindow(kg: Float64Array, kstep: number, kmin: number, kmax: number, dk: number, dk2: number, window: WindowName): Float64Array {
  const key = `${kmin} ${kmax} ${dk} ${dk2} ${window}`;
  for (const w of windows) if (w.n === kg.length && w.kstep === kstep && w.key === key) return w.win;
  const win = ftwindow(kg, kmin, kmax, dk, dk2, window);
  windows.unshift({ n: kg.length, kstep, key, win });
  if (windows.length > 16) windows.pop();
  return win;
}

/** x^n for a small integer n (Math.pow is slow and kweight is an integer). */
export function intPow(x: number, n: number): number {
  if (n < 0) return 1 / intPow(x, -n);
  let r = 1;
  for (let i = 0; i < n; i++) r *= x;
  return r;
}
