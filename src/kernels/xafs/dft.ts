/**
 * The first `m` bins of the forward DFT of length nfft of a short real sequence, scaled by kstep/√π
 * (larch's xftf_fast), interleaved as [Re F₀, Im F₀, Re F₁, …]. Cheaper than a 2048-point FFT when only
 * autobk's ~30 low-R bins are needed.
 */
const tables = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function table(nfft: number): { cos: Float64Array; sin: Float64Array } {
  let t = tables.get(nfft);
  if (!t) {
    const cos = new Float64Array(nfft);
    const sin = new Float64Array(nfft);
    for (let i = 0; i < nfft; i++) {
      cos[i] = Math.cos((2 * Math.PI * i) / nfft);
      sin[i] = Math.sin((2 * Math.PI * i) / nfft);
    }
    t = { cos, sin };
    tables.set(nfft, t);
  }
  return t;
}

export function lowDft(x: ArrayLike<number>, m: number, nfft: number, kstep: number, out: Float64Array, outOffset = 0, stride = 1): void {
  const { cos, sin } = table(nfft);
  const scale = kstep / Math.sqrt(Math.PI);
  const n = Math.min(x.length, nfft);
  const mask = nfft - 1;
  for (let f = 0; f < m; f++) {
    let re = 0;
    let im = 0;
    let idx = 0;
    for (let j = 0; j < n; j++) {
      const v = x[j];
      re += v * cos[idx];
      im -= v * sin[idx];
      idx = (idx + f) & mask;
    }
    out[outOffset + 2 * f * stride] = scale * re;
    out[outOffset + (2 * f + 1) * stride] = scale * im;
  }
}
