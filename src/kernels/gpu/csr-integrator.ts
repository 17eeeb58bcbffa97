/**
 * Azimuthal integration through a CSR plan on the GPU. The plan (indptr, indices, weights, per-pixel norm) is
 * uploaded once; each frame is bound as a GPU buffer, so a frame decoded on the GPU is integrated in place.
 */
import type { CsrPlan } from '../xrd/csr.ts';
import type { FrameArray, IntegrateOptions, Pattern1D } from '../xrd/integrate.ts';
import type { GpuContext } from './device.ts';
import {
  bindGroup, computePipeline, COPY_DST, dispatch, grid, readBytes, readbackBuffer, storageBuffer, UNIFORM, uploadBuffer, writeBytes,
} from './buffers.ts';
import { paramsWithDummy, patternFromSums } from './pattern-from-sums.ts';
import { csrSpmvWgsl } from './wgsl/csr-spmv.wgsl.ts';

/** The GPU resources that integrate one frame buffer: its bind group, the sums and their read-back. */
export interface FrameBinding {
  readonly group: GPUBindGroup;
  readonly sums: GPUBuffer;
  readonly readback: GPUBuffer;
  readonly params: GPUBuffer;
}

export class GpuCsrIntegrator {
  private readonly pipelines = new Map<boolean, GPUComputePipeline>();
  private readonly plan: { indptr: GPUBuffer; indices: GPUBuffer; weights: GPUBuffer; norm: GPUBuffer };

  constructor(readonly gpu: GpuContext, readonly csr: CsrPlan) {
    const d = gpu.device;
    this.plan = {
      indptr: uploadBuffer(d, csr.indptr, 'csr indptr'),
      indices: uploadBuffer(d, csr.indices.length ? csr.indices : new Int32Array(1), 'csr indices'),
      weights: uploadBuffer(d, csr.weights.length ? csr.weights : new Float32Array(1), 'csr weights'),
      norm: uploadBuffer(d, csr.norm, 'pixel norm'),
    };
  }

  private pipeline(f32: boolean): GPUComputePipeline {
    let p = this.pipelines.get(f32);
    if (!p) {
      p = computePipeline(this.gpu.device, csrSpmvWgsl, 'spmv', { FRAME_F32: f32 ? 1 : 0 });
      this.pipelines.set(f32, p);
    }
    return p;
  }

  /** Binds a frame buffer (int32 pixels, or float32 when `f32`). */
  bindFrame(frame: GPUBuffer, opts: IntegrateOptions = {}, f32 = false): FrameBinding {
    const d = this.gpu.device;
    const bytes = this.csr.npt * 16;
    const sums = storageBuffer(d, bytes, 'bin sums');
    const readback = readbackBuffer(d, bytes, 'bin sums read-back');
    const params = d.createBuffer({ label: 'spmv params', size: 32, usage: UNIFORM | COPY_DST });
    d.queue.writeBuffer(params, 0, paramsWithDummy([this.csr.npt, 0, 0, 0], opts));
    const { indptr, indices, weights, norm } = this.plan;
    const group = bindGroup(d, this.pipeline(f32), [params, indptr, indices, weights, norm, frame, sums]);
    return { group, sums, readback, params };
  }

  /** Records the product and the copy of the sums into the read-back buffer. */
  encode(encoder: GPUCommandEncoder, binding: FrameBinding, f32 = false): void {
    const pass = encoder.beginComputePass({ label: 'csr spmv' });
    const [x, y] = grid(this.csr.npt);
    dispatch(pass, this.pipeline(f32), binding.group, x, y);
    pass.end();
    encoder.copyBufferToBuffer(binding.sums, 0, binding.readback, 0, this.csr.npt * 16);
  }

  /** Maps the read-back buffer of a submitted frame and finishes the pattern on the host. */
  async read(binding: FrameBinding, empty = 0): Promise<Pattern1D> {
    const sums = new Float32Array(await readBytes(binding.readback, this.csr.npt * 16));
    return patternFromSums(this.csr, sums, empty, 'webgpu-csr');
  }

  /** One frame from host memory: upload, product, read-back (the (plan, frame) → pattern signature). */
  async integrate(frame: FrameArray, opts: IntegrateOptions = {}): Promise<Pattern1D> {
    const n = this.csr.rows * this.csr.cols;
    if (frame.length !== n) throw new RangeError(`frame has ${frame.length} pixels, plan expects ${this.csr.rows} × ${this.csr.cols}`);
    const f32 = !(frame instanceof Int32Array);
    const data = frame instanceof Int32Array || frame instanceof Float32Array ? frame : Float32Array.from(frame);
    const d = this.gpu.device;
    const buf = storageBuffer(d, data.byteLength, 'frame');
    writeBytes(d, buf, data);
    const binding = this.bindFrame(buf, opts, f32);
    try {
      const enc = d.createCommandEncoder();
      this.encode(enc, binding, f32);
      d.queue.submit([enc.finish()]);
      return await this.read(binding, opts.empty ?? 0);
    } finally {
      releaseBinding(binding);
      buf.destroy();
    }
  }

  destroy(): void {
    for (const b of Object.values(this.plan)) b.destroy();
  }
}

export function releaseBinding(b: FrameBinding): void {
  b.sums.destroy();
  b.readback.destroy();
  b.params.destroy();
}
