/**
 * One frame through a CSR plan: a sparse matrix-vector product with pyFAI's normalisation,
 * I = Σw·signal / Σw·norm and the Poisson σ = √(Σw²·max(signal, 1)) / Σw·norm. Pure: (plan, frame) → pattern.
 */
import type { CsrPlan } from './csr.ts';
import { integrateSumsWasm } from './integrate-wasm.ts';
import { pixelMajorOf } from './pixel-major.ts';

export type FrameArray = Int32Array | Float32Array | Float64Array | Uint16Array | Int16Array | Uint32Array;

export interface IntegrateOptions {
  /** Pixels equal to this value (or within deltaDummy of it) are left out. */
  readonly dummy?: number | null;
  readonly deltaDummy?: number | null;
  /** Subtracted from the signal (not from the variance). */
  readonly dark?: Float32Array | null;
  /** Value of bins no pixel reached. */
  readonly empty?: number;
}

export interface Pattern1D {
  readonly radial: Float64Array;
  readonly intensity: Float64Array;
  readonly sigma: Float64Array;
  readonly sumSignal: Float64Array;
  readonly sumVariance: Float64Array;
  readonly sumNormalization: Float64Array;
  readonly count: Float64Array;
  readonly unit: CsrPlan['unit'];
  readonly method: CsrPlan['method'];
  /** Which backend produced this result. */
  readonly backend: string;
}

/**
 * The CPU backend: pixel-major traversal of the plan (see pixel-major.ts), frame read sequentially.
 * Same sums in the same order as integrateCsr.
 */
export function integrate1d(plan: CsrPlan, frame: FrameArray, opts: IntegrateOptions = {}): Pattern1D {
  checkShape(plan, frame);
  if (opts.dummy != null || opts.dark) return integrateCsr(plan, frame, opts);
  if (frame instanceof Int32Array || frame instanceof Uint16Array || frame instanceof Int16Array || frame instanceof Uint32Array) {
    return integrateInteger(plan, frame, opts);
  }
  return integrateFloatPath(plan, frame, opts);
}

function integrateFloatPath(plan: CsrPlan, frame: FrameArray, opts: IntegrateOptions): Pattern1D {
  const { npt, norm } = plan;
  const { start, firstBin, weights } = pixelMajorOf(plan);
  const sumSignal = new Float64Array(npt);
  const sumVariance = new Float64Array(npt);
  const sumNormalization = new Float64Array(npt);
  const count = new Float64Array(npt);
  const n = frame.length;
  for (let k = 0; k < n; k++) {
    const e0 = start[k];
    const e1 = start[k + 1];
    if (e0 === e1) continue;
    const x = frame[k];
    const nk = norm[k];
    // NaN pixels are invalid; norm 0 makes a pixel invalid as in pyFAI's preprocessing.
    if (x !== x || nk === 0) continue;
    const vx = x > 1 ? x : 1;
    let b = firstBin[k];
    for (let e = e0; e < e1; e++, b++) {
      const w = weights[e];
      sumSignal[b] += w * x;
      sumVariance[b] += w * w * vx;
      sumNormalization[b] += w * nk;
      count[b] += w;
    }
  }
  return finish(plan, sumSignal, sumVariance, sumNormalization, count, opts.empty ?? 0, 'ts-pixel-major');
}

/** Integer frames hold no NaN, so the normalisation sums come precomputed with the plan's layout. */
function integrateInteger(plan: CsrPlan, frame: Int32Array | Uint16Array | Int16Array | Uint32Array, opts: IntegrateOptions): Pattern1D {
  const pm = pixelMajorOf(plan);
  const c = pm.compact;
  if (!c) return integrateFloatPath(plan, frame, opts);
  const simd = frame instanceof Int32Array ? integrateSumsWasm(plan, frame) : null;
  if (simd) return finish(plan, simd.sumSignal, simd.sumVariance, pm.sumNormalization.slice(), pm.count.slice(), opts.empty ?? 0, 'wasm-simd-pixel-major');
  const npt = plan.npt;
  const sumSignal = new Float64Array(npt);
  const sumVariance = new Float64Array(npt);
  const { span, first, weights } = c;
  const n = frame.length;
  if (c.unit) {
    for (let k = 0; k < n; k++) {
      if (span[k] === 0) continue;
      const x = frame[k];
      const b = first[k];
      sumSignal[b] += x;
      sumVariance[b] += x > 1 ? x : 1;
    }
  } else {
    let e = 0;
    for (let k = 0; k < n; k++) {
      const m = span[k];
      if (m === 0) continue;
      const x = frame[k];
      const vx = x > 1 ? x : 1;
      let b = first[k];
      const end = e + m;
      for (; e < end; e++, b++) {
        const w = weights[e];
        sumSignal[b] += w * x;
        sumVariance[b] += w * w * vx;
      }
    }
  }
  return finish(plan, sumSignal, sumVariance, pm.sumNormalization.slice(), pm.count.slice(), opts.empty ?? 0, 'ts-pixel-major');
}

function checkShape(plan: CsrPlan, frame: FrameArray): void {
  if (frame.length !== plan.rows * plan.cols) {
    throw new RangeError(`frame has ${frame.length} pixels, plan expects ${plan.rows} × ${plan.cols}`);
  }
}

/**
 * The reference: bin-major sparse matrix-vector product over the CSR arrays, with dummies and dark
 * subtraction (what another backend, e.g. WebGPU, implements one bin per thread).
 */
export function integrateCsr(plan: CsrPlan, frame: FrameArray, opts: IntegrateOptions = {}): Pattern1D {
  checkShape(plan, frame);
  const { npt, indptr, indices, weights, norm } = plan;
  const dummy = opts.dummy ?? null;
  const dd = opts.deltaDummy ?? null;
  const dark = opts.dark ?? null;
  const sumSignal = new Float64Array(npt);
  const sumVariance = new Float64Array(npt);
  const sumNormalization = new Float64Array(npt);
  const count = new Float64Array(npt);
  for (let b = 0; b < npt; b++) {
    let s = 0, v = 0, nn = 0, c = 0;
    for (let j = indptr[b]; j < indptr[b + 1]; j++) {
      const idx = indices[j];
      const raw = frame[idx];
      if (raw !== raw || norm[idx] === 0) continue;
      if (dummy !== null && (dd === null ? raw === dummy : Math.abs(raw - dummy) <= dd)) continue;
      const w = weights[j];
      const x = dark ? Math.fround(raw - dark[idx]) : raw;
      s += w * x;
      v += w * w * (raw > 1 ? raw : 1);
      nn += w * norm[idx];
      c += w;
    }
    sumSignal[b] = s;
    sumVariance[b] = v;
    sumNormalization[b] = nn;
    count[b] = c;
  }
  return finish(plan, sumSignal, sumVariance, sumNormalization, count, opts.empty ?? 0, 'ts-csr');
}

/** The pattern from per-bin sums: I = Σw·x / Σw·norm, σ = √(Σw²·max(x, 1)) / Σw·norm, `empty` where no pixel counts. */
export function patternFromSums(plan: CsrPlan, sumSignal: Float64Array, sumVariance: Float64Array, sumNormalization: Float64Array, count: Float64Array, empty: number, backend: string): Pattern1D {
  return finish(plan, sumSignal, sumVariance, sumNormalization, count, empty, backend);
}

function finish(plan: CsrPlan, sumSignal: Float64Array, sumVariance: Float64Array, sumNormalization: Float64Array, count: Float64Array, empty: number, backend: string): Pattern1D {
  const npt = plan.npt;
  const intensity = new Float64Array(npt);
  const sigma = new Float64Array(npt);
  for (let b = 0; b < npt; b++) {
    if (count[b] > 0 && sumNormalization[b] !== 0) {
      intensity[b] = sumSignal[b] / sumNormalization[b];
      sigma[b] = Math.sqrt(sumVariance[b]) / sumNormalization[b];
    } else {
      intensity[b] = empty;
      sigma[b] = empty;
    }
  }
  return { radial: plan.radial, intensity, sigma, sumSignal, sumVariance, sumNormalization, count, unit: plan.unit, method: plan.method, backend };
}
