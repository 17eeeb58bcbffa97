import { fftInPlace, nextPow2, realFftPacked, realIfftPacked } from './fft.ts';
import { interpLinear } from './pyutil.ts';

/** Spectra (bins 0 … size/2) of the normalised Lorentzian kernel, cached per (grid length, width, FFT size). */
interface Kernel {
  readonly n: number;
  readonly s: number;
  readonly size: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}
const kernels: Kernel[] = [];

function kernelSpectrum(n: number, s: number, size: number): Kernel {
  for (const k of kernels) if (k.n === n && k.s === s && k.size === size) return k;
  const nw = 2 * n;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let wsum = 0;
  for (let m = 0; m < nw; m++) {
    const u = (m - n) / s;
    re[m] = 1 / (Math.PI * s * (1 + u * u));
    wsum += re[m];
  }
  for (let m = 0; m < nw; m++) re[m] /= wsum;
  fftInPlace(re, im);
  const k = { n, s, size, re: re.slice(0, size / 2 + 1), im: im.slice(0, size / 2 + 1) };
  if (kernels.length >= 32) kernels.pop();
  kernels.unshift(k);
  return k;
}

/** Scratch buffers of this thread, grown as needed (the kernels here are pure; nothing is kept between calls). */
let scratchLen = 0;
let sr = new Float64Array(0);
let si = new Float64Array(0);
let fr = new Float64Array(0);
let fi = new Float64Array(0);

/**
 * larch.math.smooth with a Lorentzian of width sigma on a uniform grid of step xstep (npad = 5):
 * resample, mirror-pad, convolve ('valid'), interpolate back. The convolution is circular through an FFT
 * of length ≥ 3N−1, long enough that wrap-around never reaches the 'valid' outputs, done as real transforms
 * (one complex FFT of half the length each way); it equals numpy's direct sum to rounding (~1e-15).
 */
export function lorentzianSmooth(x: Float64Array, y: Float64Array, xstep: number, sigma: number): Float64Array {
  const npad = 5;
  let xlo = Infinity;
  let xhi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    xlo = Math.min(xlo, x[i]);
    xhi = Math.max(xhi, x[i]);
  }
  const xmin = xstep * Math.trunc((xlo - npad * xstep) / xstep);
  const xmax = xstep * Math.trunc((xhi + npad * xstep) / xstep);
  const n = Math.min(1 + Math.trunc(Math.abs(xmax - xmin + xstep * 0.1) / xstep), 50 * x.length);
  const x0 = new Float64Array(n);
  const dx = n > 1 ? (xmax - xmin) / (n - 1) : 0;
  for (let i = 0; i < n; i++) x0[i] = xmin + i * dx;
  if (n > 1) x0[n - 1] = xmax;
  const y0 = interpLinear(x, y, x0);
  // y1 = y0[N-1..1] ++ y0 ++ y0[N-1..0], length 3N−1, packed for a real FFT: y1[2m] → sr[m], y1[2m+1] → si[m]
  const n1 = 3 * n - 1;
  const size = nextPow2(Math.max(4, n1));
  const h = size / 2;
  if (scratchLen < h) {
    scratchLen = h;
    sr = new Float64Array(h);
    si = new Float64Array(h);
    fr = new Float64Array(h + 1);
    fi = new Float64Array(h + 1);
  }
  const a = sr.subarray(0, h);
  const b = si.subarray(0, h);
  a.fill(0);
  b.fill(0);
  const put = (e: number, v: number): void => {
    if (e & 1) b[e >> 1] = v;
    else a[e >> 1] = v;
  };
  for (let i = 0; i < n - 1; i++) put(i, y0[n - 1 - i]);
  for (let i = 0; i < n; i++) put(n - 1 + i, y0[i]);
  for (let i = 0; i < n; i++) put(2 * n - 1 + i, y0[n - 1 - i]);
  realFftPacked(a, b, size, fr, fi);
  const k = kernelSpectrum(n, sigma / xstep, size);
  for (let i = 0; i <= h; i++) {
    const r = fr[i] * k.re[i] - fi[i] * k.im[i];
    fi[i] = fr[i] * k.im[i] + fi[i] * k.re[i];
    fr[i] = r;
  }
  realIfftPacked(fr, fi, size, a, b);
  // 'valid' outputs: y2[j] = Σ_m w[m]·y1[j + 2N − 1 − m], j = 0..N−1
  const y2 = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const e = j + 2 * n - 1;
    y2[j] = (e & 1 ? b[e >> 1] : a[e >> 1]) / size;
  }
  return interpLinear(x0, y2, x);
}
