/**
 * Bounding-box splitting (pyFAI splitBBoxCSR.HistoBBox1d): a pixel covers [c − Δ, c + Δ] radially, Δ the
 * largest distance from its centre to a corner, and is shared among the bins it overlaps in proportion.
 */
import { binAxis } from './bins.ts';
import type { BinAxis } from './bins.ts';

/** Δ per pixel: max over the 4 corners of |corner − centre| (corner grid is (rows+1) × (cols+1)). */
export function bboxHalfWidth(centre: Float64Array, corners: Float32Array, rows: number, cols: number): Float64Array {
  const d = new Float64Array(rows * cols);
  const gc = cols + 1;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      const c = centre[k];
      const a = Math.abs(corners[i * gc + j] - c);
      const b = Math.abs(corners[(i + 1) * gc + j] - c);
      const cc = Math.abs(corners[(i + 1) * gc + j + 1] - c);
      const dd = Math.abs(corners[i * gc + j + 1] - c);
      d[k] = Math.max(a, b, cc, dd);
    }
  }
  return d;
}

/** lo = max(0, min(c − Δ)), max = max(c + Δ), over valid pixels. */
export function bboxAxis(centre: Float64Array, delta: Float64Array, mask: Uint8Array | null, npt: number): BinAxis {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < centre.length; k++) {
    if (mask && mask[k]) continue;
    const a = centre[k] - delta[k];
    const b = centre[k] + delta[k];
    if (a < min) min = a;
    if (b > max) max = b;
  }
  return binAxis(Math.max(0, min), max, npt);
}

/**
 * The CSR arrays in two passes over the pixels: the bins each pixel reaches give indptr, then the weights are
 * written in place (pixels in increasing order within each bin, as a stable sort of (bin, pixel) would put
 * them). No (bin, pixel, weight) triples are collected first: memory is the CSR arrays alone.
 */
export function buildBBox(centre: Float64Array, halfWidth: Float64Array, mask: Uint8Array | null, axis: BinAxis) {
  const { npt } = axis;
  const indptr = new Int32Array(npt + 1);
  eachPixelRange(centre, halfWidth, mask, axis, (_k, b0, b1) => {
    for (let bin = b0; bin <= b1; bin++) indptr[bin + 1]++;
  });
  for (let b = 0; b < npt; b++) indptr[b + 1] += indptr[b];
  const fill = indptr.slice(0, npt);
  const indices = new Int32Array(indptr[npt]);
  const weights = new Float32Array(indptr[npt]);
  const put = (bin: number, k: number, w: number) => {
    const at = fill[bin]++;
    indices[at] = k;
    weights[at] = w;
  };
  eachPixelRange(centre, halfWidth, mask, axis, (k, b0, b1, fmin, fmax) => {
    if (b0 === b1) {
      put(b0, k, 1);
      return;
    }
    const inv = 1 / (fmax - fmin);
    put(b0, k, (b0 + 1 - fmin) * inv);
    for (let bin = b0 + 1; bin < b1; bin++) put(bin, k, inv);
    put(b1, k, (fmax - b1) * inv);
  });
  return { indptr, indices, weights };
}

/** Calls fn for each unmasked pixel that reaches the axis: its first and last bins (clipped) and fractional bounds. */
function eachPixelRange(centre: Float64Array, halfWidth: Float64Array, mask: Uint8Array | null, axis: BinAxis, fn: (k: number, b0: number, b1: number, fmin: number, fmax: number) => void): void {
  const { lo, delta, npt } = axis;
  for (let k = 0; k < centre.length; k++) {
    if (mask && mask[k]) continue;
    const fmin = (centre[k] - halfWidth[k] - lo) / delta;
    const fmax = (centre[k] + halfWidth[k] - lo) / delta;
    let b0 = Math.trunc(fmin);
    let b1 = Math.trunc(fmax);
    if (b1 < 0 || b0 >= npt) continue;
    if (b0 < 0) b0 = 0;
    if (b1 > npt - 1) b1 = npt - 1;
    fn(k, b0, b1, fmin, fmax);
  }
}
