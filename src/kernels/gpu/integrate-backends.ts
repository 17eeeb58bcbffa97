/**
 * The integration kernel's backends, one signature `(plan, frame, opts) → Promise<Pattern1D>`, registered in
 * the order the registry degrades: WebGPU (WGSL CSR), gpu.js, the worker pool, plain TypeScript. Each GPU
 * backend keeps the last few plans uploaded (a plan is ~70 MB for a Pilatus 2M bbox) and falls back to the
 * TypeScript path for what it does not implement (a dark current).
 */
import { availableParallelism } from 'node:os';
import type { CsrPlan } from '../xrd/csr.ts';
import { integrate1d, type FrameArray, type IntegrateOptions, type Pattern1D } from '../xrd/integrate.ts';
import { GpuCsrIntegrator } from './csr-integrator.ts';
import { getGpu, type GpuContext } from './device.ts';
import { GpuJsCsrIntegrator } from './gpujs-csr.ts';
import { gpuSupports } from './pattern-from-sums.ts';
import { KernelRegistry } from './registry.ts';
import { WorkersIntegrator } from './workers-integrator.ts';

export type IntegrateAsync = (plan: CsrPlan, frame: FrameArray, opts?: IntegrateOptions) => Promise<Pattern1D>;

/** A few prepared engines keyed by plan; the oldest is destroyed (its GPU buffers freed) when a new one comes. */
function engineCache<E extends { destroy(): void }>(make: (plan: CsrPlan) => E, keep = 2): { get(plan: CsrPlan): E; clear(): void } {
  const cache = new Map<CsrPlan, E>();
  const get = (plan: CsrPlan): E => {
    let e = cache.get(plan);
    if (!e) {
      e = make(plan);
      cache.set(plan, e);
      if (cache.size > keep) {
        const [oldest, engine] = cache.entries().next().value as [CsrPlan, E];
        engine.destroy();
        cache.delete(oldest);
      }
    }
    return e;
  };
  const clear = (): void => {
    for (const e of cache.values()) e.destroy();
    cache.clear();
  };
  return { get, clear };
}

export interface IntegrateBackends {
  readonly registry: KernelRegistry<IntegrateAsync>;
  /** Stops the worker pool (if one was started) and frees the GPU engines. */
  close(): Promise<void>;
}

export function createIntegrateBackends(): IntegrateBackends {
  let gpu: GpuContext | null = null;
  const probeGpu = async (): Promise<string | null> => {
    const acq = await getGpu();
    if (!acq.ok) return acq.reason;
    gpu = acq.gpu;
    return null;
  };
  const needGpu = (): GpuContext => {
    if (!gpu) throw new Error('GPU backend used before its probe');
    return gpu;
  };
  const wgsl = engineCache((plan) => new GpuCsrIntegrator(needGpu(), plan));
  const gpujs = engineCache((plan) => new GpuJsCsrIntegrator(needGpu(), plan));
  let workers: WorkersIntegrator | null = null;
  const registry = new KernelRegistry<IntegrateAsync>('integrate1d')
    .register({
      name: 'webgpu-csr', tier: 'gpu', probe: probeGpu,
      run: async (plan, frame, opts = {}) => (gpuSupports(opts) ? wgsl.get(plan).integrate(frame, opts) : integrate1d(plan, frame, opts)),
    })
    .register({
      name: 'gpujs-webgpu-csr', tier: 'gpu', probe: probeGpu,
      run: async (plan, frame, opts = {}) => (opts.dummy == null && !opts.dark ? gpujs.get(plan).integrate(frame, opts) : integrate1d(plan, frame, opts)),
    })
    .register({
      name: 'workers-csr', tier: 'workers',
      probe: async () => (availableParallelism() > 1 ? null : 'a single CPU: workers would only add copies'),
      run: (plan, frame, opts) => (workers ??= new WorkersIntegrator()).integrate(plan, frame, opts),
    })
    .register({ name: 'ts-csr', tier: 'typescript', probe: async () => null, run: async (plan, frame, opts) => integrate1d(plan, frame, opts) });
  return {
    registry,
    async close() {
      wgsl.clear();
      gpujs.clear();
      await workers?.close();
      workers = null;
    },
  };
}
