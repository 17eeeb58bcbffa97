/**
 * The bins [from, to) of a CSR plan integrated on this thread: the worker side of the workers backend. The
 * plan's arrays arrive as SharedArrayBuffer views (shared, not copied, between threads); a sub-plan that
 * keeps the absolute indptr offsets lets integrate1d work on the range as is.
 */
import type { CsrPlan } from '../xrd/csr.ts';
import { integrate1d, type IntegrateOptions } from '../xrd/integrate.ts';

export interface SharedPlan {
  readonly rows: number;
  readonly cols: number;
  readonly npt: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly weights: Float32Array;
  readonly norm: Float32Array;
}

export interface RangeTask {
  readonly plan: SharedPlan;
  readonly frame: Int32Array | Float32Array;
  readonly from: number;
  readonly to: number;
  readonly opts: IntegrateOptions;
}

/** (Σw·signal, Σw²·variance, Σw·norm, Σw) of bins from..to-1, interleaved, float64. */
export function integrateRange(task: RangeTask): Float64Array {
  const { plan, from, to } = task;
  const sub: CsrPlan = {
    method: 'bbox', unit: '2th_deg', npt: to - from, rows: plan.rows, cols: plan.cols,
    indptr: plan.indptr.subarray(from, to + 1), indices: plan.indices, weights: plan.weights, norm: plan.norm,
    radial: new Float64Array(to - from), axis: { npt: to - from, lo: 0, hi: 1, delta: 1 }, key: 'range',
  };
  const p = integrate1d(sub, task.frame, { ...task.opts, dark: task.opts.dark ?? null });
  const out = new Float64Array(4 * (to - from));
  for (let b = 0; b < to - from; b++) {
    out[4 * b] = p.sumSignal[b];
    out[4 * b + 1] = p.sumVariance[b];
    out[4 * b + 2] = p.sumNormalization[b];
    out[4 * b + 3] = p.count[b];
  }
  return out;
}

export default integrateRange;
