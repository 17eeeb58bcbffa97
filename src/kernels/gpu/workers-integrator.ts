/**
 * The workers tier of integration: the bins of a CSR plan split over a piscina pool. The plan is copied once
 * into SharedArrayBuffers (cached per plan), so each call ships only the frame (also shared) and bin ranges.
 */
import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import type { CsrPlan } from '../xrd/csr.ts';
import type { FrameArray, IntegrateOptions, Pattern1D } from '../xrd/integrate.ts';
import type { RangeTask, SharedPlan } from './integrate-range.ts';

function shared<T extends Int32Array | Float32Array>(a: T): T {
  const copy = new (a.constructor as { new (b: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

export class WorkersIntegrator {
  private readonly pool: Piscina;
  private readonly plans = new WeakMap<CsrPlan, SharedPlan>();
  readonly threads: number;

  constructor(threads = availableParallelism()) {
    this.threads = Math.max(1, threads);
    this.pool = new Piscina({
      filename: new URL('./integrate-range-boot.js', import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: 30_000,
    });
  }

  private sharedPlan(plan: CsrPlan): SharedPlan {
    let s = this.plans.get(plan);
    if (!s) {
      s = { rows: plan.rows, cols: plan.cols, npt: plan.npt, indptr: shared(plan.indptr), indices: shared(plan.indices), weights: shared(plan.weights), norm: shared(plan.norm) };
      this.plans.set(plan, s);
    }
    return s;
  }

  async integrate(plan: CsrPlan, frame: FrameArray, opts: IntegrateOptions = {}): Promise<Pattern1D> {
    if (frame.length !== plan.rows * plan.cols) throw new RangeError(`frame has ${frame.length} pixels, plan expects ${plan.rows} × ${plan.cols}`);
    const sp = this.sharedPlan(plan);
    const f = frame instanceof Int32Array ? shared(frame) : shared(Float32Array.from(frame));
    // Split by non-zeros, not by bins: outer bins hold far fewer pixels than the middle ones.
    const parts = this.threads * 2;
    const nnz = plan.indptr[plan.npt];
    const cuts = [0];
    for (let b = 1, k = 1; b < plan.npt && k < parts; b++) if (plan.indptr[b] >= (nnz * k) / parts) { cuts.push(b); k++; }
    cuts.push(plan.npt);
    const sums = await Promise.all(cuts.slice(0, -1).map((from, i) => {
      const task: RangeTask = { plan: sp, frame: f, from, to: cuts[i + 1], opts: { ...opts, dark: opts.dark ? shared(opts.dark) : null } };
      return this.pool.run(task) as Promise<Float64Array>;
    }));
    const all = new Float64Array(4 * plan.npt);
    cuts.slice(0, -1).forEach((from, i) => all.set(sums[i], 4 * from));
    return finishPattern(plan, all, opts.empty ?? 0);
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

function finishPattern(plan: CsrPlan, s: Float64Array, empty: number): Pattern1D {
  const n = plan.npt;
  const pick = (k: number) => Float64Array.from({ length: n }, (_, b) => s[4 * b + k]);
  const sumSignal = pick(0), sumVariance = pick(1), sumNormalization = pick(2), count = pick(3);
  const intensity = new Float64Array(n), sigma = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    const ok = count[b] > 0 && sumNormalization[b] !== 0;
    intensity[b] = ok ? sumSignal[b] / sumNormalization[b] : empty;
    sigma[b] = ok ? Math.sqrt(sumVariance[b]) / sumNormalization[b] : empty;
  }
  return { radial: plan.radial, intensity, sigma, sumSignal, sumVariance, sumNormalization, count, unit: plan.unit, method: plan.method, backend: `workers(${'piscina'})-csr` };
}
