import { fftInPlace, nextPow2 } from './fft.ts';
import { interpLinear } from './pyutil.ts';

/**
 * larch.math.smooth with a Lorentzian of width sigma on a uniform grid of step xstep (npad = 5):
 * resample, mirror-pad, convolve ('valid'), interpolate back. The convolution runs through an FFT,
 * which equals numpy's direct sum to rounding (~1e-15) at a fraction of the cost.
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
  const s = sigma / xstep;
  // kernel w[m], m = 0..2N-1, centred at N
  const nw = 2 * n;
  const w = new Float64Array(nw);
  let wsum = 0;
  for (let m = 0; m < nw; m++) {
    const u = (m - n) / s;
    w[m] = 1 / (Math.PI * s * (1 + u * u));
    wsum += w[m];
  }
  // y1 = y0[N-1..1] ++ y0 ++ y0[N-1..0]
  const n1 = 3 * n - 1;
  const y1 = new Float64Array(n1);
  for (let i = 0; i < n - 1; i++) y1[i] = y0[n - 1 - i];
  for (let i = 0; i < n; i++) y1[n - 1 + i] = y0[i];
  for (let i = 0; i < n; i++) y1[2 * n - 1 + i] = y0[n - 1 - i];
  // 'valid' convolution: y2[j] = Σ_m w[m]·y1[j + 2N − 1 − m], j = 0..N−1
  const size = nextPow2(nw + n1);
  const ar = new Float64Array(size);
  const ai = new Float64Array(size);
  const br = new Float64Array(size);
  const bi = new Float64Array(size);
  ar.set(w);
  br.set(y1);
  fftInPlace(ar, ai);
  fftInPlace(br, bi);
  for (let i = 0; i < size; i++) {
    const r = ar[i] * br[i] - ai[i] * bi[i];
    const im = ar[i] * bi[i] + ai[i] * br[i];
    ar[i] = r;
    ai[i] = im;
  }
  fftInPlace(ar, ai, true);
  const y2 = new Float64Array(n);
  for (let j = 0; j < n; j++) y2[j] = ar[j + nw - 1] / size / wsum;
  return interpLinear(x0, y2, x);
}
