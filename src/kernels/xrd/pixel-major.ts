/**
 * The CPU layout of a plan: the CSR transposed to pixel-major order. Each pixel's bins are consecutive
 * (firstBin .. firstBin + count − 1), so a frame is read sequentially once and the four bin accumulators
 * (npt doubles each) stay in L1 cache. Each bin still sums its pixels in increasing pixel order, the same
 * order as the bin-major CSR product, so both give identical results.
 */
import type { CsrPlan } from './csr.ts';

export interface PixelMajor {
  /** rows·cols + 1 offsets into weights. */
  readonly start: Int32Array;
  readonly firstBin: Int32Array;
  readonly weights: Float32Array;
  /**
   * Σw·norm and Σw per bin over all pixels with norm ≠ 0: what every integer frame (which cannot hold NaN)
   * contributes, so the per-frame loop only sums signal and variance.
   */
  readonly sumNormalization: Float64Array;
  readonly count: Float64Array;
  /** The compact form the integer-frame loop streams through, or null when it does not fit (npt > 65535). */
  readonly compact: CompactLayout | null;
}

/**
 * Pixels that count (norm ≠ 0, at least one bin) with their bin span in a byte and first bin in 16 bits,
 * weights packed without gaps for excluded pixels: about half the bytes of start/firstBin per frame.
 */
export interface CompactLayout {
  readonly span: Uint8Array;
  readonly first: Uint16Array;
  readonly weights: Float32Array;
  /** Every pixel goes whole into one bin (no splitting): the weights need not be read. */
  readonly unit: boolean;
}

function compactOf(start: Int32Array, lo: Int32Array, w: Float32Array, norm: Float32Array, npt: number): CompactLayout | null {
  const n = lo.length;
  if (npt > 65535) return null;
  const span = new Uint8Array(n);
  const first = new Uint16Array(n);
  let total = 0;
  let unit = true;
  for (let k = 0; k < n; k++) {
    const c = start[k + 1] - start[k];
    if (c === 0 || norm[k] === 0) continue;
    if (c > 255) return null;
    span[k] = c;
    first[k] = lo[k];
    total += c;
    if (c !== 1 || w[start[k]] !== 1) unit = false;
  }
  const weights = new Float32Array(total);
  let e = 0;
  for (let k = 0; k < n; k++) for (let j = 0; j < span[k]; j++) weights[e++] = w[start[k] + j];
  return { span, first, weights, unit };
}

export function toPixelMajor(plan: CsrPlan): PixelMajor {
  const n = plan.rows * plan.cols;
  const { indptr, indices, weights, npt } = plan;
  const lo = new Int32Array(n).fill(npt);
  const hi = new Int32Array(n).fill(-1);
  for (let b = 0; b < npt; b++) {
    for (let j = indptr[b]; j < indptr[b + 1]; j++) {
      const k = indices[j];
      if (b < lo[k]) lo[k] = b;
      if (b > hi[k]) hi[k] = b;
    }
  }
  const start = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) start[k + 1] = start[k] + (hi[k] >= lo[k] ? hi[k] - lo[k] + 1 : 0);
  const w = new Float32Array(start[n]);
  for (let b = 0; b < npt; b++) {
    for (let j = indptr[b]; j < indptr[b + 1]; j++) {
      const k = indices[j];
      w[start[k] + b - lo[k]] = weights[j];
    }
  }
  const sumNormalization = new Float64Array(npt);
  const count = new Float64Array(npt);
  for (let k = 0; k < n; k++) {
    const nk = plan.norm[k];
    if (nk === 0) continue;
    for (let e = start[k], b = lo[k]; e < start[k + 1]; e++, b++) {
      sumNormalization[b] += w[e] * nk;
      count[b] += w[e];
    }
  }
  return { start, firstBin: lo, weights: w, sumNormalization, count, compact: compactOf(start, lo, w, plan.norm, npt) };
}

const cache = new WeakMap<CsrPlan, PixelMajor>();

/** The pixel-major layout of a plan, built once per plan object (per worker). */
export function pixelMajorOf(plan: CsrPlan): PixelMajor {
  let pm = cache.get(plan);
  if (!pm) {
    pm = toPixelMajor(plan);
    cache.set(plan, pm);
  }
  return pm;
}
