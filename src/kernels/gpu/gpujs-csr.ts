/**
 * The CSR product written in gpu.js 2.24's kernel model (one JavaScript function per output cell, compiled
 * to WGSL by its `webgpu` mode on Dawn). It fits integration: every (bin, sum) cell loops over its row. It
 * cannot express the byte-offset decoder (scans, atomics, data-dependent output positions), which is why
 * decoding is hand-written WGSL. Measured side by side with the WGSL kernel in bench/gpu.
 *
 * gpu.js stores every array as float32: indices and indptr are exact below 2^24 (a Pilatus 2M plan has
 * 2.5M pixels and ~4M non-zeros). The plan is passed as constants, which gpu.js uploads once; the frame is
 * an argument, converted to float32 and uploaded on each call.
 */
import { GPU, type IKernelRunShortcut, type KernelVariable } from 'gpu.js';
import type { CsrPlan } from '../xrd/csr.ts';
import type { FrameArray, IntegrateOptions, Pattern1D } from '../xrd/integrate.ts';
import { dawnFactory, type GpuContext } from './device.ts';
import { patternFromSums } from './pattern-from-sums.ts';

interface CsrThis {
  thread: { x: number; y: number };
  constants: { indptr: number[]; indices: number[]; weights: number[]; norm: number[] };
}

// The kernel source gpu.js parses: one bin (y) and one of the four sums (x) per thread.
function csrCell(this: CsrThis, frame: number[]): number {
  const b = this.thread.y;
  const c = this.thread.x;
  let s = 0;
  const start = this.constants.indptr[b];
  const end = this.constants.indptr[b + 1];
  const len = end - start;
  for (let k = 0; k < len; k++) {
    const j = start + k;
    const idx = this.constants.indices[j];
    const nm = this.constants.norm[idx];
    if (nm !== 0) {
      const x = frame[idx];
      const w = this.constants.weights[j];
      if (c === 0) s += w * x;
      if (c === 1) s += w * w * Math.max(x, 1);
      if (c === 2) s += w * nm;
      if (c === 3) s += w;
    }
  }
  return s;
}

function exactInFloat32(a: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > 2 ** 24 || a[i] < -(2 ** 24)) return false;
  return true;
}

export class GpuJsCsrIntegrator {
  private readonly gpujs: GPU;
  private readonly kernel: IKernelRunShortcut;

  constructor(gpu: GpuContext, readonly csr: CsrPlan) {
    if (!exactInFloat32(csr.indptr) || csr.rows * csr.cols > 2 ** 24) throw new RangeError('plan too large for gpu.js float32 indices');
    // gpu.js looks for navigator.gpu; Node 20 has no navigator, so lend it Dawn's factory.
    const g = globalThis as { navigator?: { gpu?: unknown } };
    g.navigator ??= {};
    g.navigator.gpu ??= dawnFactory();
    void gpu; // gpu.js acquires its own device from the same Dawn instance
    let maxRow = 1;
    for (let b = 0; b < csr.npt; b++) maxRow = Math.max(maxRow, csr.indptr[b + 1] - csr.indptr[b]);
    this.gpujs = new GPU({ mode: 'webgpu' });
    // Passed as source text: gpu.js parses the function itself (its `this` is gpu.js's, not a TS class's).
    this.kernel = this.gpujs.createKernel(csrCell.toString(), {
      output: [4, csr.npt],
      constants: { indptr: csr.indptr, indices: csr.indices, weights: csr.weights, norm: csr.norm },
      tactic: 'precision',
    });
    this.kernel.setLoopMaxIterations(maxRow);
  }

  async integrate(frame: FrameArray, opts: IntegrateOptions = {}): Promise<Pattern1D> {
    if (opts.dummy != null || opts.dark) throw new RangeError('the gpu.js integrator supports no dummy or dark');
    const rows = (await (this.kernel(frame as unknown as KernelVariable) as unknown as Promise<Float32Array[]>));
    const sums = new Float32Array(this.csr.npt * 4);
    rows.forEach((r, b) => sums.set(r.subarray(0, 4), 4 * b));
    return patternFromSums(this.csr, sums, opts.empty ?? 0, 'gpujs-webgpu-csr');
  }

  destroy(): void {
    this.gpujs.destroy();
  }
}
