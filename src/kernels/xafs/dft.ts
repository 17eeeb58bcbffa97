/**
 * The first `nf` bins of the forward DFT of length nfft of short real sequences, scaled by kstep/√π
 * (larch's xftf_fast), interleaved as [Re F₀, Im F₀, Re F₁, …]. Cheaper than a 2048-point FFT when only
 * autobk's ~30 low-R bins are needed; the trig table is cached per (length, bins, nfft).
 */
interface Trig {
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}
const cache = new Map<string, Trig>();
/** cos/sin(2πi/nfft) for i < nfft, per nfft: the trig tables below gather from it (same doubles). */
const full = new Map<number, Trig>();

function fullTable(nfft: number): Trig {
  let t = full.get(nfft);
  if (!t) {
    const cos = new Float64Array(nfft);
    const sin = new Float64Array(nfft);
    for (let i = 0; i < nfft; i++) {
      const a = (2 * Math.PI * i) / nfft;
      cos[i] = Math.cos(a);
      sin[i] = Math.sin(a);
    }
    t = { cos, sin };
    full.set(nfft, t);
  }
  return t;
}

function trig(npts: number, nf: number, nfft: number): Trig {
  const key = `${npts}/${nf}/${nfft}`;
  let t = cache.get(key);
  if (!t) {
    const f0 = fullTable(nfft);
    const cos = new Float64Array(nf * npts);
    const sin = new Float64Array(nf * npts);
    for (let f = 0; f < nf; f++) {
      for (let j = 0; j < npts; j++) {
        const i = (f * j) % nfft;
        cos[f * npts + j] = f0.cos[i];
        sin[f * npts + j] = f0.sin[i];
      }
    }
    t = { cos, sin };
    if (cache.size > 64) cache.clear();
    cache.set(key, t);
  }
  return t;
}

/**
 * The first nf bins of the scaled DFT (xftf's kstep/√π, nfft points) of one sequence that is zero outside
 * [lo, hi): sums only there. x has npts values; writes Re of bin f to out[2f·m + c] and Im to
 * out[(2f+1)·m + c] (out holds m columns).
 */
export function lowDftRange(x: Float64Array, npts: number, lo: number, hi: number, nf: number, nfft: number, kstep: number, out: Float64Array, m: number, c: number): void {
  const n = Math.min(npts, nfft);
  const { cos, sin } = trig(n, nf, nfft);
  const scale = kstep / Math.sqrt(Math.PI);
  const end = Math.min(hi, n);
  for (let f = 0; f < nf; f++) {
    const row = f * n;
    let re = 0;
    let im = 0;
    for (let j = lo; j < end; j++) {
      const v = x[j];
      re += v * cos[row + j];
      im += v * sin[row + j];
    }
    out[2 * f * m + c] = scale * re;
    out[(2 * f + 1) * m + c] = -scale * im;
  }
}

/**
 * lowDftRange for two sequences at once (a at column c, b at column c+1 of out), over the union of
 * their non-zero ranges [lo, hi): each trig value loaded feeds both, two bins per pass.
 */
export function lowDftPair(a: Float64Array, b: Float64Array, npts: number, lo: number, hi: number, nf: number, nfft: number, kstep: number, out: Float64Array, m: number, c: number): void {
  const n = Math.min(npts, nfft);
  const { cos, sin } = trig(n, nf, nfft);
  const scale = kstep / Math.sqrt(Math.PI);
  const end = Math.min(hi, n);
  let f = 0;
  for (; f + 1 < nf; f += 2) {
    const r0 = f * n;
    const r1 = r0 + n;
    let ra0 = 0, ia0 = 0, rb0 = 0, ib0 = 0, ra1 = 0, ia1 = 0, rb1 = 0, ib1 = 0;
    for (let j = lo; j < end; j++) {
      const va = a[j];
      const vb = b[j];
      const c0 = cos[r0 + j];
      const s0 = sin[r0 + j];
      const c1 = cos[r1 + j];
      const s1 = sin[r1 + j];
      ra0 += va * c0;
      ia0 += va * s0;
      rb0 += vb * c0;
      ib0 += vb * s0;
      ra1 += va * c1;
      ia1 += va * s1;
      rb1 += vb * c1;
      ib1 += vb * s1;
    }
    out[2 * f * m + c] = scale * ra0;
    out[(2 * f + 1) * m + c] = -scale * ia0;
    out[2 * f * m + c + 1] = scale * rb0;
    out[(2 * f + 1) * m + c + 1] = -scale * ib0;
    out[2 * (f + 1) * m + c] = scale * ra1;
    out[(2 * f + 3) * m + c] = -scale * ia1;
    out[2 * (f + 1) * m + c + 1] = scale * rb1;
    out[(2 * f + 3) * m + c + 1] = -scale * ib1;
  }
  for (; f < nf; f++) {
    const row = f * n;
    let ra = 0, ia = 0, rb = 0, ib = 0;
    for (let j = lo; j < end; j++) {
      const co = cos[row + j];
      const si = sin[row + j];
      ra += a[j] * co;
      ia += a[j] * si;
      rb += b[j] * co;
      ib += b[j] * si;
    }
    out[2 * f * m + c] = scale * ra;
    out[(2 * f + 1) * m + c] = -scale * ia;
    out[2 * f * m + c + 1] = scale * rb;
    out[(2 * f + 1) * m + c + 1] = -scale * ib;
  }
}
