/** In-place radix-2 complex FFT (forward: Σ xₙ e^{−2πinm/N}), with twiddle tables cached per size. */

interface Plan {
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly rev: Uint32Array;
}

const plans = new Map<number, Plan>();

function planFor(n: number): Plan {
  let p = plans.get(n);
  if (p) return p;
  if (n < 1 || (n & (n - 1)) !== 0) throw new Error(`fft size must be a power of two, got ${n}`);
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = Math.sin((2 * Math.PI * i) / n);
  }
  const rev = new Uint32Array(n);
  const bits = Math.round(Math.log2(n));
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
    rev[i] = r;
  }
  p = { cos, sin, rev };
  plans.set(n, p);
  return p;
}

/** Forward FFT of (re, im) in place; `inverse` uses e^{+2πinm/N} without the 1/N factor. */
export function fftInPlace(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  const { cos, sin, rev } = planFor(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const sgn = inverse ? 1 : -1;
  // size 2: twiddle 1
  for (let a = 0; a + 1 < n; a += 2) {
    const xr = re[a + 1];
    const xi = im[a + 1];
    re[a + 1] = re[a] - xr;
    im[a + 1] = im[a] - xi;
    re[a] += xr;
    im[a] += xi;
  }
  // size 4: twiddles 1 and ∓i
  if (n >= 4) {
    for (let a = 0; a < n; a += 4) {
      let xr = re[a + 2];
      let xi = im[a + 2];
      re[a + 2] = re[a] - xr;
      im[a + 2] = im[a] - xi;
      re[a] += xr;
      im[a] += xi;
      // (re + i·im)·(sgn·i) = −sgn·im + i·sgn·re
      xr = -sgn * im[a + 3];
      xi = sgn * re[a + 3];
      re[a + 3] = re[a + 1] - xr;
      im[a + 3] = im[a + 1] - xi;
      re[a + 1] += xr;
      im[a + 1] += xi;
    }
  }
  // larger sizes: each twiddle loaded once per stage, applied to every block
  for (let size = 8; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let k = 0; k < half; k++) {
      const wr = cos[k * step];
      const wi = sgn * sin[k * step];
      for (let a = k; a < n; a += size) {
        const b = a + half;
        const br = re[b];
        const bi = im[b];
        const xr = br * wr - bi * wi;
        const xi = br * wi + bi * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/**
 * The first `nbins` bins of the forward DFT of a real sequence x (zero-padded to nfft), through one complex
 * FFT of half the length: z[n] = x[2n] + i·x[2n+1], X[k] = E[k] + e^{−2πik/N}·O[k].
 */
export function realFftLow(x: ArrayLike<number>, nfft: number, nbins: number, outRe: Float64Array, outIm: Float64Array): void {
  const h = nfft / 2;
  const re = new Float64Array(h);
  const im = new Float64Array(h);
  const n = Math.min(x.length, nfft);
  for (let j = 0; j < n; j++) {
    if (j & 1) im[j >> 1] = x[j];
    else re[j >> 1] = x[j];
  }
  fftInPlace(re, im);
  for (let k = 0; k < nbins; k++) {
    const k2 = k === 0 ? 0 : h - k;
    const zr = re[k % h];
    const zi = im[k % h];
    const cr = re[k2];
    const ci = -im[k2];
    // E = (Z[k] + conj Z[h−k])/2, O = (Z[k] − conj Z[h−k])/(2i)
    const er = (zr + cr) / 2;
    const ei = (zi + ci) / 2;
    const orr = (zi - ci) / 2;
    const oi = -(zr - cr) / 2;
    const a = (-2 * Math.PI * k) / nfft;
    const wr = Math.cos(a);
    const wi = Math.sin(a);
    outRe[k] = er + wr * orr - wi * oi;
    outIm[k] = ei + wr * oi + wi * orr;
  }
}
