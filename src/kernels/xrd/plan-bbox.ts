/**
 * Bounding-box splitting (pyFAI splitBBoxCSR.HistoBBox1d): a pixel covers [c − Δ, c + Δ] radially, Δ the
 * largest distance from its centre to a corner, and is shared among the bins it overlaps in proportion.
 */
import { binAxis } from './bins.ts';
import type { BinAxis } from './bins.ts';
import { CsrBuilder } from './csr.ts';

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

export function buildBBox(centre: Float64Array, halfWidth: Float64Array, mask: Uint8Array | null, axis: BinAxis) {
  const { lo, delta, npt } = axis;
  const b = new CsrBuilder(npt, Math.ceil(centre.length * 1.5));
  for (let k = 0; k < centre.length; k++) {
    if (mask && mask[k]) continue;
    const fmin = (centre[k] - halfWidth[k] - lo) / delta;
    const fmax = (centre[k] + halfWidth[k] - lo) / delta;
    let b0 = Math.trunc(fmin);
    let b1 = Math.trunc(fmax);
    if (b1 < 0 || b0 >= npt) continue;
    if (b0 < 0) b0 = 0;
    if (b1 > npt - 1) b1 = npt - 1;
    if (b0 === b1) {
      b.add(b0, k, 1);
      continue;
    }
    const inv = 1 / (fmax - fmin);
    b.add(b0, k, (b0 + 1 - fmin) * inv);
    for (let bin = b0 + 1; bin < b1; bin++) b.add(bin, k, inv);
    b.add(b1, k, (fmax - b1) * inv);
  }
  return b.build();
}
