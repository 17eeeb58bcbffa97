import { fftInPlace, nextPow2, realFft, realIfft } from './fft.ts';
import { interpLinear } from './pyutil.ts';

/** Spectra of the normalised Lorentzian kernel, cached per (grid length, width, FFT size). */
const kernels = new Map<string, { re: Float64Array; im: Float64Array }>();

function kernelSpectrum(n: number, s: number, size: number): { re: Float64Array; im: Float64Array } {
  const key = `${n}/${s}/${size}`;
  let k = kernels.get(key);
  if (!k) {
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
    k = { re, im };
    if (kernels.size > 32) kernels.clear();
    kernels.set(key, k);
  }
  return k;
}

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
  // y1 = y0[N-1..1] ++ y0 ++ y0[N-1..0], length 3N−1; real in, real out: half-size complex FFTs
  const n1 = 3 * n - 1;
  const size = nextPow2(Math.max(4, n1));
  const h = size / 2;
  const y1 = new Float64Array(n1);
  for (let i = 0; i < n - 1; i++) y1[i] = y0[n - 1 - i];
  for (let i = 0; i < n; i++) y1[n - 1 + i] = y0[i];
  for (let i = 0; i < n; i++) y1[2 * n - 1 + i] = y0[n - 1 - i];
  const sr = new Float64Array(h);
  const si = new Float64Array(h);
  const re = new Float64Array(h + 1);
  const im = new Float64Array(h + 1);
  realFft(y1, size, re, im, sr, si);
  const k = kernelSpectrum(n, sigma / xstep, size);
  for (let i = 0; i <= h; i++) {
    const r = re[i] * k.re[i] - im[i] * k.im[i];
    im[i] = re[i] * k.im[i] + im[i] * k.re[i];
    re[i] = r;
  }
  const conv = new Float64Array(size);
  realIfft(re, im, size, conv, sr, si);
  // 'valid' outputs: y2[j] = Σ_m w[m]·y1[j + 2N − 1 − m], j = 0..N−1
  const y2 = new Float64Array(n);
  for (let j = 0; j < n; j++) y2[j] = conv[j + 2 * n - 1] / size;
  return interpLinear(x0, y2, x);
}
