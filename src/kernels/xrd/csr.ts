/**
 * The prepared integrator: a CSR sparse matrix (rows = radial bins, columns = pixels) plus per-pixel
 * corrections. Plain typed arrays only, so any backend (worker, WebGPU) can take the same plan.
 */
import type { BinAxis } from './bins.ts';
import type { RadialUnit } from './geometry.ts';

export type SplitMethod = 'no' | 'bbox' | 'full';
export const SPLIT_METHODS: readonly SplitMethod[] = ['no', 'bbox', 'full'];

export interface CsrPlan {
  readonly method: SplitMethod;
  readonly unit: RadialUnit;
  readonly npt: number;
  readonly rows: number;
  readonly cols: number;
  /** npt + 1 offsets into indices/weights. */
  readonly indptr: Int32Array;
  /** Flat pixel indices (row · cols + col), increasing within a bin. */
  readonly indices: Int32Array;
  readonly weights: Float32Array;
  /** Per-pixel normalisation (solid angle × polarization × flat), float32. */
  readonly norm: Float32Array;
  /** Bin centres in output units. */
  readonly radial: Float64Array;
  readonly axis: BinAxis;
  /** What the plan was built from (geometry, mask, npt, unit, method, corrections, range). */
  readonly key: string;
}

/** Collects (bin, pixel, weight) in pixel order, then sorts them by bin into CSR (stable, so pixels stay ordered). */
export class CsrBuilder {
  private bins: Int32Array;
  private pix: Int32Array;
  private w: Float32Array;
  private n = 0;
  constructor(private readonly npt: number, capacity = 1 << 20) {
    this.bins = new Int32Array(capacity);
    this.pix = new Int32Array(capacity);
    this.w = new Float32Array(capacity);
  }

  add(bin: number, pixel: number, weight: number): void {
    if (this.n === this.bins.length) this.grow();
    this.bins[this.n] = bin;
    this.pix[this.n] = pixel;
    this.w[this.n] = weight;
    this.n++;
  }

  /** By half again (not double): a builder of tens of millions of entries stays closer to what it holds. */
  private grow(): void {
    const cap = Math.ceil(this.bins.length * 1.5) + 16;
    const b = new Int32Array(cap), p = new Int32Array(cap), w = new Float32Array(cap);
    b.set(this.bins);
    p.set(this.pix);
    w.set(this.w);
    this.bins = b;
    this.pix = p;
    this.w = w;
  }

  build(): { indptr: Int32Array; indices: Int32Array; weights: Float32Array } {
    const indptr = new Int32Array(this.npt + 1);
    for (let k = 0; k < this.n; k++) indptr[this.bins[k] + 1]++;
    for (let b = 0; b < this.npt; b++) indptr[b + 1] += indptr[b];
    const fill = indptr.slice(0, this.npt);
    const indices = new Int32Array(this.n);
    const weights = new Float32Array(this.n);
    for (let k = 0; k < this.n; k++) {
      const at = fill[this.bins[k]]++;
      indices[at] = this.pix[k];
      weights[at] = this.w[k];
    }
    return { indptr, indices, weights };
  }
}
