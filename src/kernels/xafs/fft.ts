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
  // larger sizes two stages at a time (S and 2S, radix-2² : each element loaded once per pair of stages),
  // with the same twiddles from the same table in the same order as two radix-2 stages: the same doubles
  let size = 8;
  for (; size * 2 <= n; size <<= 2) {
    const q = size >> 1;
    const step1 = n / size;
    const step2 = step1 >> 1;
    for (let k = 0; k < q; k++) {
      const w1r = cos[k * step1];
      const w1i = sgn * sin[k * step1];
      const w2r = cos[k * step2];
      const w2i = sgn * sin[k * step2];
      const w3r = cos[(k + q) * step2];
      const w3i = sgn * sin[(k + q) * step2];
      for (let i0 = k; i0 < n; i0 += 2 * size) {
        const i1 = i0 + q;
        const i2 = i0 + size;
        const i3 = i2 + q;
        // stage S: (i0, i1) and (i2, i3) with w1
        let br = re[i1];
        let bi = im[i1];
        let xr = br * w1r - bi * w1i;
        let xi = br * w1i + bi * w1r;
        const a1r = re[i0] - xr;
        const a1i = im[i0] - xi;
        const a0r = re[i0] + xr;
        const a0i = im[i0] + xi;
        br = re[i3];
        bi = im[i3];
        xr = br * w1r - bi * w1i;
        xi = br * w1i + bi * w1r;
        const a3r = re[i2] - xr;
        const a3i = im[i2] - xi;
        const a2r = re[i2] + xr;
        const a2i = im[i2] + xi;
        // stage 2S: (i0, i2) with w2, (i1, i3) with w3
        xr = a2r * w2r - a2i * w2i;
        xi = a2r * w2i + a2i * w2r;
        re[i2] = a0r - xr;
        im[i2] = a0i - xi;
        re[i0] = a0r + xr;
        im[i0] = a0i + xi;
        xr = a3r * w3r - a3i * w3i;
        xi = a3r * w3i + a3i * w3r;
        re[i3] = a1r - xr;
        im[i3] = a1i - xi;
        re[i1] = a1r + xr;
        im[i1] = a1i + xi;
      }
    }
  }
  // a last single stage when the number of stages left was odd
  for (; size <= n; size <<= 1) {
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
  const re = scratch(0, h);
  const im = scratch(1, h);
  re.fill(0);
  im.fill(0);
  const n = Math.min(x.length, nfft);
  for (let j = 0; j < n; j++) {
    if (j & 1) im[j >> 1] = x[j];
    else re[j >> 1] = x[j];
  }
  fftInPlace(re, im);
  const { cos, sin } = planFor(nfft);
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
    // e^{−2πik/N} from the cached table (the same doubles as Math.cos/Math.sin of −2πk/N)
    const wr = k < h ? cos[k] : Math.cos((-2 * Math.PI * k) / nfft);
    const wi = k < h ? -sin[k] : Math.sin((-2 * Math.PI * k) / nfft);
    outRe[k] = er + wr * orr - wi * oi;
    outIm[k] = ei + wr * oi + wi * orr;
  }
}

/** Per-thread scratch buffers (slot, length), reused between calls of the pure kernels here. */
const scratches: Float64Array[] = [];
function scratch(slot: number, n: number): Float64Array {
  let s = scratches[slot];
  if (!s || s.length !== n) scratches[slot] = s = new Float64Array(n);
  return s;
}

/**
 * Bins 0 … n/2 of the forward DFT of a real x (length ≤ n, zero-padded; n a power of two ≥ 4), through one
 * complex FFT of n/2 (z[m] = x[2m] + i·x[2m+1]); the twiddles come from the cached plan. sr/si: scratch
 * of n/2. outRe/outIm: n/2 + 1 values.
 */
export function realFft(x: ArrayLike<number>, n: number, outRe: Float64Array, outIm: Float64Array, sr: Float64Array, si: Float64Array): void {
  const h = n / 2;
  const m = Math.min(x.length, n);
  sr.fill(0, 0, h);
  si.fill(0, 0, h);
  for (let j = 0; j + 1 < m; j += 2) {
    sr[j >> 1] = x[j];
    si[j >> 1] = x[j + 1];
  }
  if (m & 1) sr[m >> 1] = x[m - 1];
  realFftPacked(sr, si, n, outRe, outIm);
}

/** realFft of x already packed as sr[m] = x[2m], si[m] = x[2m+1] (m < n/2); sr/si are overwritten. */
export function realFftPacked(sr: Float64Array, si: Float64Array, n: number, outRe: Float64Array, outIm: Float64Array): void {
  const h = n / 2;
  fftInPlace(sr.length === h ? sr : sr.subarray(0, h), si.length === h ? si : si.subarray(0, h));
  const { cos, sin } = planFor(n);
  for (let k = 0; k <= h; k++) {
    const k1 = k === h ? 0 : k;
    const k2 = k === 0 ? 0 : h - k;
    const zr = sr[k1];
    const zi = si[k1];
    const cr = sr[k2];
    const ci = -si[k2];
    // E = (Z[k] + conj Z[h−k])/2, O = (Z[k] − conj Z[h−k])/(2i), X = E + e^{−2πik/n}·O
    const er = (zr + cr) / 2;
    const ei = (zi + ci) / 2;
    const orr = (zi - ci) / 2;
    const oi = -(zr - cr) / 2;
    const wr = k === h ? -1 : cos[k];
    const wi = k === h ? 0 : -sin[k];
    outRe[k] = er + wr * orr - wi * oi;
    outIm[k] = ei + wr * oi + wi * orr;
  }
}

/**
 * The real sequence y[j] = Σ_k Y[k]·e^{+2πijk/n} (no 1/n, like fftInPlace(…, true)) of a Hermitian
 * spectrum given by its bins 0 … n/2, through one complex FFT of n/2: z[m] = y[2m] + i·y[2m+1] is the
 * inverse transform of E[k] + i·O[k], E[k] = Y[k] + Y[k+n/2], O[k] = (Y[k] − Y[k+n/2])·e^{2πik/n}.
 * out: n values; sr/si: scratch of n/2.
 */
export function realIfft(yRe: Float64Array, yIm: Float64Array, n: number, out: Float64Array, sr: Float64Array, si: Float64Array): void {
  realIfftPacked(yRe, yIm, n, sr, si);
  const h = n / 2;
  for (let m = 0; m < h; m++) {
    out[2 * m] = sr[m];
    out[2 * m + 1] = si[m];
  }
}

/** realIfft leaving y packed: sr[m] = y[2m], si[m] = y[2m+1]. */
export function realIfftPacked(yRe: Float64Array, yIm: Float64Array, n: number, sr: Float64Array, si: Float64Array): void {
  const h = n / 2;
  const { cos, sin } = planFor(n);
  for (let k = 0; k < h; k++) {
    // Y[k + h] = conj Y[h − k]
    const ar = yRe[k];
    const ai = yIm[k];
    const br = yRe[h - k];
    const bi = -yIm[h - k];
    const er = ar + br;
    const ei = ai + bi;
    const dr = ar - br;
    const di = ai - bi;
    const wr = cos[k];
    const wi = sin[k];
    const or = dr * wr - di * wi;
    const oi = dr * wi + di * wr;
    // E + i·O
    sr[k] = er - oi;
    si[k] = ei + or;
  }
  fftInPlace(sr.length === h ? sr : sr.subarray(0, h), si.length === h ? si : si.subarray(0, h), true);
}
