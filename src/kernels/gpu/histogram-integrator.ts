/**
 * Histogram integration on the GPU (no pixel splitting): each pixel adds itself to one bin with atomics.
 * Needs only a bin index per pixel (4 bytes a pixel, against 8 per non-zero for CSR), taken from a no-split
 * plan, in which every pixel sits in at most one bin with weight 1.
 */
import type { CsrPlan } from '../xrd/csr.ts';
import type { FrameArray, IntegrateOptions, Pattern1D } from '../xrd/integrate.ts';
import type { GpuContext } from './device.ts';
import {
  bindGroup, computePipeline, COPY_DST, dispatch, readBytes, readbackBuffer, storageBuffer, UNIFORM, uploadBuffer, writeBytes,
} from './buffers.ts';
import { releaseBinding, type FrameBinding } from './csr-integrator.ts';
import { paramsWithDummy, patternFromSums } from './pattern-from-sums.ts';
import { histogramWgsl } from './wgsl/histogram.wgsl.ts';

const PER_THREAD = 16;

/** Bin of each pixel in a no-split plan (-1: in no bin). Throws if the plan splits pixels. */
export function binOfPixels(plan: CsrPlan): Int32Array {
  const binOf = new Int32Array(plan.rows * plan.cols).fill(-1);
  for (let b = 0; b < plan.npt; b++) {
    for (let j = plan.indptr[b]; j < plan.indptr[b + 1]; j++) {
      const idx = plan.indices[j];
      if (binOf[idx] !== -1 || plan.weights[j] !== 1) throw new RangeError('histogram integration needs a no-split plan');
      binOf[idx] = b;
    }
  }
  return binOf;
}

export class GpuHistogramIntegrator {
  private readonly pipelines = new Map<boolean, GPUComputePipeline>();
  private readonly binOf: GPUBuffer;
  private readonly norm: GPUBuffer;
  private readonly chunk: number;

  constructor(readonly gpu: GpuContext, readonly csr: CsrPlan) {
    const d = gpu.device;
    this.binOf = uploadBuffer(d, binOfPixels(csr), 'bin of pixel');
    this.norm = uploadBuffer(d, csr.norm, 'pixel norm');
    // 16 bytes per bin in workgroup memory; more bins than fit are done in chunks (grid y).
    const fit = Math.floor(d.limits.maxComputeWorkgroupStorageSize / 16 / 256) * 256;
    this.chunk = Math.max(256, Math.min(fit, Math.ceil(csr.npt / 256) * 256));
  }

  private pipeline(f32: boolean): GPUComputePipeline {
    let p = this.pipelines.get(f32);
    if (!p) {
      p = computePipeline(this.gpu.device, histogramWgsl, 'histogram', { FRAME_F32: f32 ? 1 : 0, CHUNK: this.chunk, PER_THREAD });
      this.pipelines.set(f32, p);
    }
    return p;
  }

  /** Binds a frame buffer (int32 pixels, or float32 when `f32`); same shape as the CSR integrator's. */
  bindFrame(frame: GPUBuffer, opts: IntegrateOptions = {}, f32 = false): FrameBinding {
    const d = this.gpu.device;
    const bytes = this.csr.npt * 16;
    const sums = storageBuffer(d, bytes, 'histogram sums');
    const readback = readbackBuffer(d, bytes, 'histogram read-back');
    const params = d.createBuffer({ label: 'histogram params', size: 32, usage: UNIFORM | COPY_DST });
    d.queue.writeBuffer(params, 0, paramsWithDummy([this.csr.rows * this.csr.cols, this.csr.npt, 0, 0], opts));
    const pipe = this.pipeline(f32);
    return { group: bindGroup(d, pipe, [params, this.binOf, this.norm, frame, sums]), sums, readback, params };
  }

  /** Records clearing the bins, the histogram and the copy of the sums into the read-back buffer. */
  encode(encoder: GPUCommandEncoder, binding: FrameBinding, f32 = false): void {
    encoder.clearBuffer(binding.sums);
    const pass = encoder.beginComputePass({ label: 'histogram' });
    dispatch(pass, this.pipeline(f32), binding.group,
      Math.ceil((this.csr.rows * this.csr.cols) / (256 * PER_THREAD)), Math.ceil(this.csr.npt / this.chunk));
    pass.end();
    encoder.copyBufferToBuffer(binding.sums, 0, binding.readback, 0, this.csr.npt * 16);
  }

  async read(binding: FrameBinding, empty = 0): Promise<Pattern1D> {
    const sums = new Float32Array(await readBytes(binding.readback, this.csr.npt * 16));
    return patternFromSums(this.csr, sums, empty, 'webgpu-histogram');
  }

  async integrate(frame: FrameArray, opts: IntegrateOptions = {}): Promise<Pattern1D> {
    const n = this.csr.rows * this.csr.cols;
    if (frame.length !== n) throw new RangeError(`frame has ${frame.length} pixels, plan expects ${n}`);
    const f32 = !(frame instanceof Int32Array);
    const data = frame instanceof Int32Array || frame instanceof Float32Array ? frame : Float32Array.from(frame);
    const d = this.gpu.device;
    const frameBuf = storageBuffer(d, data.byteLength, 'frame');
    writeBytes(d, frameBuf, data);
    const binding = this.bindFrame(frameBuf, opts, f32);
    try {
      const enc = d.createCommandEncoder();
      this.encode(enc, binding, f32);
      d.queue.submit([enc.finish()]);
      return await this.read(binding, opts.empty ?? 0);
    } finally {
      releaseBinding(binding);
      frameBuf.destroy();
    }
  }

  destroy(): void {
    this.binOf.destroy();
    this.norm.destroy();
  }
}
