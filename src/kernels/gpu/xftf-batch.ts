/**
 * χ(R) of many spectra at once on the GPU: larch's xftf (χ·kʷ·window, zero-padded FFT, δk/√π) for spectra
 * that share one uniform k grid (k_i = i·δk, as autobk produces them). The window and kʷ are computed once on
 * the host in float64; the batched FFT runs in float32 (see wgsl/fft.wgsl.ts).
 */
import { ftwindow } from '../xafs/ftwindow.ts';
import { XFTF_DEFAULTS, type XftfParams, type XftfResult } from '../xafs/xftf.ts';
import type { GpuContext } from './device.ts';
import {
  bindGroup, computePipeline, dispatch, grid, readBytes, readbackBuffer, storageBuffer, uniformBuffer, uploadBuffer, writeBytes,
} from './buffers.ts';
import { fftWgsl } from './wgsl/fft.wgsl.ts';

export class GpuFftBatch {
  private readonly pipeline: GPUComputePipeline;
  private readonly twiddles: GPUBuffer;

  constructor(readonly gpu: GpuContext, readonly nfft: number) {
    const log2 = Math.round(Math.log2(nfft));
    if (2 ** log2 !== nfft || nfft < 2) throw new RangeError(`nfft must be a power of two, got ${nfft}`);
    if (nfft * 8 > gpu.device.limits.maxComputeWorkgroupStorageSize) throw new RangeError(`nfft ${nfft} exceeds the GPU's workgroup memory`);
    const tw = new Float32Array(nfft);
    for (let m = 0; m < nfft / 2; m++) {
      tw[2 * m] = Math.cos((2 * Math.PI * m) / nfft);
      tw[2 * m + 1] = -Math.sin((2 * Math.PI * m) / nfft);
    }
    this.twiddles = uploadBuffer(gpu.device, tw, 'fft twiddles');
    this.pipeline = computePipeline(gpu.device, fftWgsl, 'fft', { N: nfft, LOG2N: log2 });
  }

  /**
   * Forward FFTs of `batch` real rows of `nIn` points (row-major in `input`), each point multiplied by
   * `pre[i]`, zero-padded to nfft; returns the first `nOut` bins of each, complex interleaved, times `scale`.
   */
  async run(input: Float32Array, batch: number, nIn: number, pre: Float32Array, nOut: number, scale: number): Promise<Float32Array> {
    if (input.length !== batch * nIn || pre.length < nIn || nIn > this.nfft || nOut > this.nfft) throw new RangeError('fft batch: inconsistent sizes');
    const d = this.gpu.device;
    const params = new ArrayBuffer(16);
    new Uint32Array(params, 0, 3).set([batch, nIn, nOut]);
    new Float32Array(params, 12, 1)[0] = scale;
    const uni = uniformBuffer(d, new Uint32Array(params), 'fft params');
    const inBuf = storageBuffer(d, input.byteLength, 'fft input');
    writeBytes(d, inBuf, input);
    const preBuf = uploadBuffer(d, pre, 'fft premultiplier');
    const bytes = batch * nOut * 8;
    const outBuf = storageBuffer(d, bytes, 'fft output');
    const rb = readbackBuffer(d, bytes, 'fft read-back');
    try {
      const enc = d.createCommandEncoder();
      const pass = enc.beginComputePass({ label: 'batched fft' });
      const [x, y] = grid(batch);
      dispatch(pass, this.pipeline, bindGroup(d, this.pipeline, [uni, inBuf, preBuf, this.twiddles, outBuf]), x, y);
      pass.end();
      enc.copyBufferToBuffer(outBuf, 0, rb, 0, bytes);
      d.queue.submit([enc.finish()]);
      return new Float32Array(await readBytes(rb, bytes));
    } finally {
      for (const b of [uni, inBuf, preBuf, outBuf, rb]) b.destroy();
    }
  }

  destroy(): void {
    this.twiddles.destroy();
  }
}

/**
 * xftf for `spectra` (each χ on the grid k_i = i·kstep, all of one length) in one GPU pass; each result
 * matches `xftf(k, chi, params)` within float32 rounding.
 */
export async function xftfBatchGpu(
  gpu: GpuContext,
  spectra: readonly Float64Array[],
  kstep: number,
  params: Partial<XftfParams> = {},
  fft?: GpuFftBatch,
): Promise<XftfResult[]> {
  const p = { ...XFTF_DEFAULTS, ...params };
  const nk = spectra[0]?.length ?? 0;
  if (nk < 2 || spectra.some((s) => s.length !== nk)) throw new RangeError('xftfBatchGpu: spectra must share one k grid of ≥ 2 points');
  const dk2 = p.dk2 ?? p.dk;
  const k = Float64Array.from({ length: nk }, (_, i) => kstep * i);
  const win = ftwindow(k, p.kmin, p.kmax, p.dk, dk2, p.window);
  const nuse = Math.min(nk, p.nfft);
  const kw = Math.trunc(p.kweight);
  const pre = Float32Array.from({ length: nuse }, (_, i) => Math.pow(k[i], kw) * win[i]);
  const input = new Float32Array(spectra.length * nuse);
  spectra.forEach((s, b) => input.set(s.subarray(0, nuse), b * nuse));
  const rstep = Math.PI / (kstep * p.nfft);
  const nr = Math.trunc(Math.min(p.nfft / 2, 1.01 + p.rmaxOut / rstep));
  const engine = fft ?? new GpuFftBatch(gpu, p.nfft);
  try {
    const out = await engine.run(input, spectra.length, nuse, pre, nr, kstep / Math.sqrt(Math.PI));
    const r = Float64Array.from({ length: nr }, (_, i) => rstep * i);
    return spectra.map((_, b) => {
      const chirRe = new Float64Array(nr), chirIm = new Float64Array(nr), chirMag = new Float64Array(nr);
      for (let i = 0; i < nr; i++) {
        chirRe[i] = out[2 * (b * nr + i)];
        chirIm[i] = out[2 * (b * nr + i) + 1];
        chirMag[i] = Math.hypot(chirRe[i], chirIm[i]);
      }
      return { r, chirRe, chirIm, chirMag, kwin: win };
    });
  } finally {
    if (!fft) engine.destroy();
  }
}
