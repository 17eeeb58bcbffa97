/**
 * Everything the GPU bench measures, in one pass: transfer and memory bandwidth, decoding, integration (WGSL
 * CSR, WGSL histogram, gpu.js CSR), the whole decode → integrate chain with 1/4/16 frames in flight, batched
 * χ(R), the CPU baselines, and the correctness of what was timed (decoded pixels bit-identical, patterns
 * against integrate1d). Sizes scale down on a software adapter.
 */
import { decodeByteOffsetInt32 } from '../../src/formats/cbf-byte-offset.ts';
import { GpuByteOffsetDecoder, type DecodeSlot } from '../../src/kernels/gpu/byte-offset-decoder.ts';
import { bindGroup, computePipeline, COPY_DST, COPY_SRC, dispatch, MAP_READ, MAP_WRITE, readbackBuffer, readBytes, STORAGE } from '../../src/kernels/gpu/buffers.ts';
import { GpuCsrIntegrator, type FrameBinding } from '../../src/kernels/gpu/csr-integrator.ts';
import type { GpuContext } from '../../src/kernels/gpu/device.ts';
import { GpuFrameChain } from '../../src/kernels/gpu/frame-chain.ts';
import { GpuJsCsrIntegrator } from '../../src/kernels/gpu/gpujs-csr.ts';
import { GpuHistogramIntegrator } from '../../src/kernels/gpu/histogram-integrator.ts';
import { GpuFftBatch, xftfBatchGpu } from '../../src/kernels/gpu/xftf-batch.ts';
import { xftf } from '../../src/kernels/xafs/xftf.ts';
import type { CsrPlan } from '../../src/kernels/xrd/csr.ts';
import { integrate1d, type Pattern1D } from '../../src/kernels/xrd/integrate.ts';

export interface MeasureInput {
  readonly payloads: readonly Uint8Array[];
  readonly bbox: CsrPlan;
  readonly noSplit: CsrPlan;
  /** Frames per timed chain run, kernel repetitions, bytes for the bandwidth tests, spectra for χ(R). */
  readonly chainFrames: number;
  readonly kernelReps: number;
  readonly bandwidthBytes: number;
  readonly spectra: number;
  readonly inFlight: readonly number[];
}

export interface Row {
  readonly what: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

type Log = (line: string) => void;

const now = () => performance.now();
const idle = (gpu: GpuContext) => gpu.device.queue.onSubmittedWorkDone();

async function seconds(fn: () => Promise<void> | void): Promise<number> {
  const t = now();
  await fn();
  return (now() - t) / 1000;
}

function maxRelError(got: Pattern1D, ref: Pattern1D): number {
  let worst = 0;
  for (let b = 0; b < ref.intensity.length; b++) {
    if (ref.count[b] <= 0) continue;
    worst = Math.max(worst, Math.abs(got.intensity[b] - ref.intensity[b]) / Math.max(Math.abs(ref.intensity[b]), 1e-6));
  }
  return worst;
}

const copyWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<u32>>;
@compute @workgroup_size(256)
fn copy(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>) {
  let stride = n.x * 256u;
  for (var i = g.x; i < arrayLength(&src); i += stride) { dst[i] = src[i]; }
}`;

/** Payload-sized uploads (3 MB): Dawn's queue.writeBuffer against writing into mapped staging buffers. */
async function chunkUploads(gpu: GpuContext, chunk: number, count: number, rows: Row[]): Promise<number> {
  const d = gpu.device;
  const host = new Uint8Array(chunk).fill(3);
  const dst = d.createBuffer({ size: chunk, usage: STORAGE | COPY_DST });
  const tw = await seconds(async () => {
    for (let i = 0; i < count; i++) d.queue.writeBuffer(dst, 0, host);
    await idle(gpu);
  });
  const ring = Array.from({ length: 8 }, () => d.createBuffer({ size: chunk, usage: MAP_WRITE | COPY_SRC, mappedAtCreation: true }));
  const ready: Promise<void>[] = ring.map(() => Promise.resolve());
  const tm = await seconds(async () => {
    for (let i = 0; i < count; i++) {
      const k = i % ring.length;
      await ready[k];
      new Uint8Array(ring[k].getMappedRange()).set(host);
      ring[k].unmap();
      const enc = d.createCommandEncoder();
      enc.copyBufferToBuffer(ring[k], 0, dst, 0, chunk);
      d.queue.submit([enc.finish()]);
      ready[k] = ring[k].mapAsync(0x0002);
    }
    await Promise.all(ready);
  });
  for (const b of [dst, ...ring]) b.destroy();
  const mb = (chunk / 1e6).toFixed(1);
  rows.push({ what: `host → GPU, ${mb} MB chunks, queue.writeBuffer`, value: (count * chunk) / tw / 1e9, unit: 'GB/s', note: `${count} chunks` });
  rows.push({ what: `host → GPU, ${mb} MB chunks, mapped staging ring + copy`, value: (count * chunk) / tm / 1e9, unit: 'GB/s', note: `${count} chunks, 8 staging buffers` });
  return (count * chunk) / Math.min(tw, tm);
}

async function bandwidth(gpu: GpuContext, bytes: number, rows: Row[], log: Log): Promise<{ h2d: number; dev: number }> {
  const d = gpu.device;
  const host = new Uint8Array(bytes).fill(7);
  const a = d.createBuffer({ size: bytes, usage: STORAGE | COPY_DST | COPY_SRC });
  const b = d.createBuffer({ size: bytes, usage: STORAGE | COPY_DST | COPY_SRC });
  const rb = d.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST });
  d.queue.writeBuffer(a, 0, host);
  d.queue.writeBuffer(b, 0, host);
  await idle(gpu);
  const reps = 4;
  const tUp = await seconds(async () => {
    for (let i = 0; i < reps; i++) d.queue.writeBuffer(a, 0, host);
    await idle(gpu);
  });
  const tDown = await seconds(async () => {
    const enc = d.createCommandEncoder();
    enc.copyBufferToBuffer(a, 0, rb, 0, bytes);
    d.queue.submit([enc.finish()]);
    await readBytes(rb, bytes);
  });
  const pipe = computePipeline(d, copyWgsl, 'copy');
  const group = bindGroup(d, pipe, [a, b]);
  const kernelCopies = async (k: number) => {
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (let i = 0; i < k; i++) dispatch(pass, pipe, group, 4096);
    pass.end();
    d.queue.submit([enc.finish()]);
    await idle(gpu);
  };
  await kernelCopies(1);
  const copies = 20;
  const tCopy = await seconds(() => kernelCopies(copies));
  const dev = (2 * copies * bytes) / tCopy; // each copy reads and writes `bytes`
  for (const x of [a, b, rb]) x.destroy();
  const mb = (bytes / 2 ** 20).toFixed(0);
  rows.push({ what: 'host → GPU, one large queue.writeBuffer', value: (reps * bytes) / tUp / 1e9, unit: 'GB/s', note: `${reps} × ${mb} MiB` });
  rows.push({ what: 'GPU → host (copy + mapAsync + copy out)', value: bytes / tDown / 1e9, unit: 'GB/s', note: `${mb} MiB` });
  rows.push({ what: 'GPU memory, WGSL copy kernel (read + write counted)', value: dev / 1e9, unit: 'GB/s', note: `${copies} × ${mb} MiB` });
  const h2d = await chunkUploads(gpu, 3_000_000, Math.max(8, Math.round(bytes / 3e6) * 4), rows);
  log(`bandwidth: chunked h2d ${(h2d / 1e9).toFixed(1)} GB/s, device ${(dev / 1e9).toFixed(0)} GB/s`);
  return { h2d, dev };
}

/** Decoding: bit-identity, kernel-only rate (payload resident), streamed rate (upload + decode, 16 in flight). */
async function decoding(gpu: GpuContext, input: MeasureInput, rows: Row[], log: Log): Promise<{ slots: DecodeSlot[]; decoder: GpuByteOffsetDecoder }> {
  const d = gpu.device;
  const decoder = GpuByteOffsetDecoder.create(gpu);
  const n = input.bbox.rows * input.bbox.cols;
  const maxBytes = Math.max(...input.payloads.map((p) => p.length));
  const slots = input.payloads.map((p) => {
    const s = decoder.createSlot(maxBytes, n);
    decoder.upload(s, p);
    return s;
  });
  // Bit-identity of what is timed.
  let identical = 0;
  for (let i = 0; i < slots.length; i++) {
    const rb = readbackBuffer(d, n * 4, 'check');
    const enc = d.createCommandEncoder();
    decoder.encode(enc, slots[i]);
    enc.copyBufferToBuffer(slots[i].frame, 0, rb, 0, n * 4);
    d.queue.submit([enc.finish()]);
    const got = new Uint8Array(await readBytes(rb, n * 4));
    rb.destroy();
    const ref = decodeByteOffsetInt32(input.payloads[i], n);
    if (ref.ok && Buffer.from(got).equals(Buffer.from(ref.values.buffer))) identical++;
  }
  rows.push({ what: 'decode: frames bit-identical to the CPU decoder', value: identical, unit: `of ${slots.length}`, note: 'Int32 pixels compared byte for byte' });
  const reps = input.kernelReps;
  const t = await seconds(async () => {
    const enc = d.createCommandEncoder();
    for (let i = 0; i < reps; i++) decoder.encode(enc, slots[i % slots.length]);
    d.queue.submit([enc.finish()]);
    await idle(gpu);
  });
  rows.push({ what: 'decode, kernels only (payload on the GPU)', value: reps / t, unit: 'frames/s', note: `${reps} decodes in one submit` });
  for (const p of ['mark', 'reduce', 'scanTiles', 'scatter'] as const) {
    const tp = await seconds(async () => {
      const enc = d.createCommandEncoder();
      for (let i = 0; i < reps; i++) decoder.encodePasses(enc, slots[i % slots.length], [p]);
      d.queue.submit([enc.finish()]);
      await idle(gpu);
    });
    rows.push({ what: `decode pass ${p} alone`, value: (tp / reps) * 1e6, unit: 'µs/frame', note: p === 'mark' ? 'includes clearing the covered-byte mask' : '' });
  }
  // Passes alone leave scrambled tile offsets (and frames): decode each slot again, whole, before integration.
  const fix = d.createCommandEncoder();
  for (const s of slots) decoder.encode(fix, s);
  d.queue.submit([fix.finish()]);
  await idle(gpu);
  // Streamed: upload + decode per frame, 16 slots, each reused once its previous frame is done.
  const ring = Array.from({ length: 16 }, () => decoder.createSlot(maxBytes, n));
  const done: (Promise<unknown> | null)[] = ring.map(() => null);
  const frames = input.chainFrames;
  const ts = await seconds(async () => {
    for (let i = 0; i < frames; i++) {
      const k = i % ring.length;
      if (done[k]) await done[k];
      await decoder.stage(ring[k], input.payloads[i % input.payloads.length]);
      const enc = d.createCommandEncoder();
      decoder.encode(enc, ring[k]);
      d.queue.submit([enc.finish()]);
      decoder.remap(ring[k]);
      done[k] = ring[k].mapped;
    }
    await idle(gpu);
  });
  rows.push({ what: 'decode, streamed (payload into mapped staging + copy + decode, 16 in flight)', value: frames / ts, unit: 'frames/s', note: `${frames} frames` });
  log(`decode: ${identical}/${slots.length} identical, kernel ${(reps / t).toFixed(0)} fps, streamed ${(frames / ts).toFixed(0)} fps`);
  return { slots: [...slots, ...ring], decoder };
}

async function kernelRate(gpu: GpuContext, reps: number, encode: (enc: GPUCommandEncoder, i: number) => void): Promise<number> {
  const enc0 = gpu.device.createCommandEncoder();
  encode(enc0, 0);
  gpu.device.queue.submit([enc0.finish()]);
  await idle(gpu);
  const t = await seconds(async () => {
    const enc = gpu.device.createCommandEncoder();
    for (let i = 0; i < reps; i++) encode(enc, i);
    gpu.device.queue.submit([enc.finish()]);
    await idle(gpu);
  });
  return reps / t;
}

/** Integration with the frame already on the GPU: WGSL CSR (bbox and no-split plans) and WGSL histogram. */
async function integration(gpu: GpuContext, input: MeasureInput, frames: readonly GPUBuffer[], cpu: readonly Int32Array[], rows: Row[], log: Log): Promise<void> {
  const reps = input.kernelReps;
  for (const [label, plan] of [['bbox', input.bbox], ['no split', input.noSplit]] as const) {
    const g = new GpuCsrIntegrator(gpu, plan);
    const bindings: FrameBinding[] = frames.map((f) => g.bindFrame(f));
    const rate = await kernelRate(gpu, reps, (enc, i) => g.encode(enc, bindings[i % bindings.length]));
    const err = maxRelError(await g.read(bindings[0]), integrate1d(plan, cpu[0]));
    rows.push({ what: `integrate, WGSL CSR ${label} (frame on the GPU)`, value: rate, unit: 'frames/s', note: `${plan.npt} bins, nnz ${plan.indices.length}; max rel. error vs integrate1d ${err.toExponential(1)}` });
    log(`integrate csr ${label}: ${rate.toFixed(0)} fps, err ${err.toExponential(1)}`);
    g.destroy();
  }
  const h = new GpuHistogramIntegrator(gpu, input.noSplit);
  const hb = frames.map((f) => h.bindFrame(f));
  const rate = await kernelRate(gpu, reps, (enc, i) => h.encode(enc, hb[i % hb.length]));
  const err = maxRelError(await h.read(hb[0]), integrate1d(input.noSplit, cpu[0]));
  rows.push({ what: 'integrate, WGSL histogram with atomics (frame on the GPU)', value: rate, unit: 'frames/s', note: `no split, ${input.noSplit.npt} bins; max rel. error ${err.toExponential(1)}` });
  log(`histogram: ${rate.toFixed(0)} fps`);
  h.destroy();
}

/** Frames from host memory, one call each (upload, product, read-back): WGSL against gpu.js. */
async function perCall(gpu: GpuContext, input: MeasureInput, cpu: readonly Int32Array[], rows: Row[], log: Log): Promise<void> {
  const calls = Math.max(2, Math.round(input.kernelReps / 20));
  const w = new GpuCsrIntegrator(gpu, input.bbox);
  await w.integrate(cpu[0]);
  const tw = await seconds(async () => { for (let i = 0; i < calls; i++) await w.integrate(cpu[i % cpu.length]); });
  w.destroy();
  rows.push({ what: 'integrate per call from host memory, WGSL CSR bbox', value: calls / tw, unit: 'frames/s', note: `upload 10 MB int32 + product + read-back, ${calls} calls` });
  try {
    const j = new GpuJsCsrIntegrator(gpu, input.bbox);
    const first = await j.integrate(cpu[0]);
    const err = maxRelError(first, integrate1d(input.bbox, cpu[0]));
    const tj = await seconds(async () => { for (let i = 0; i < calls; i++) await j.integrate(cpu[i % cpu.length]); });
    j.destroy();
    rows.push({ what: 'integrate per call from host memory, gpu.js 2.24 CSR bbox (webgpu mode)', value: calls / tj, unit: 'frames/s', note: `same work; max rel. error ${err.toExponential(1)}` });
    log(`per call: wgsl ${(calls / tw).toFixed(1)} fps, gpu.js ${(calls / tj).toFixed(1)} fps`);
  } catch (e) {
    rows.push({ what: 'integrate per call, gpu.js 2.24 CSR bbox (webgpu mode)', value: NaN, unit: 'failed', note: String(e).slice(0, 160) });
  }
}

async function chain(gpu: GpuContext, input: MeasureInput, cpu: readonly Int32Array[], rows: Row[], log: Log): Promise<void> {
  const maxBytes = Math.max(...input.payloads.map((p) => p.length));
  const refs = cpu.map((f) => integrate1d(input.bbox, f));
  const runs = [...input.inFlight.map((n) => [n, 'mapped'] as const), [Math.max(...input.inFlight), 'writeBuffer'] as const];
  for (const [inFlight, upload] of runs) {
    const c = new GpuFrameChain(gpu, input.bbox, { inFlight, maxPayloadBytes: maxBytes, upload });
    const check = await c.run(input.payloads);
    const err = Math.max(...check.map((p, i) => maxRelError(p, refs[i])));
    const frames = input.chainFrames;
    let got = 0;
    const t = await seconds(async () => {
      for (let i = 0; i < frames; i++) if (await c.push(input.payloads[i % input.payloads.length])) got++;
      got += (await c.drain()).length;
    });
    c.destroy();
    rows.push({ what: `whole chain: payload → decode → integrate (CSR bbox) → pattern, ${inFlight} in flight, ${upload} upload`, value: got / t, unit: 'frames/s', note: `${got} frames; max rel. error vs CPU decode + integrate1d ${err.toExponential(1)}` });
    log(`chain ${inFlight} ${upload}: ${(got / t).toFixed(0)} fps`);
  }
}

async function cpuBaselines(input: MeasureInput, cpu: readonly Int32Array[], rows: Row[], log: Log): Promise<void> {
  const n = input.bbox.rows * input.bbox.cols;
  const reps = 10;
  const td = await seconds(() => { for (let i = 0; i < reps; i++) decodeByteOffsetInt32(input.payloads[i % input.payloads.length], n); });
  rows.push({ what: 'CPU (this host, one thread): decode, TypeScript', value: reps / td, unit: 'frames/s', note: 'decodeByteOffsetInt32' });
  const ti = await seconds(() => { for (let i = 0; i < 3; i++) integrate1d(input.bbox, cpu[i % cpu.length]); });
  rows.push({ what: 'CPU (this host, one thread): integrate, TypeScript CSR bbox', value: 3 / ti, unit: 'frames/s', note: 'integrate1d' });
  log(`cpu: decode ${(reps / td).toFixed(0)} fps, integrate ${(3 / ti).toFixed(1)} fps`);
}

async function spectraFft(gpu: GpuContext, input: MeasureInput, rows: Row[], log: Log): Promise<void> {
  const nk = 321;
  const k = Float64Array.from({ length: nk }, (_, i) => i * 0.05);
  const spectra = Array.from({ length: input.spectra }, (_, s) =>
    Float64Array.from(k, (kk) => Math.sin(2 * kk * (2 + (s % 7) * 0.1)) * Math.exp(-0.01 * kk * kk) / Math.max(kk, 1)));
  const fft = new GpuFftBatch(gpu, 2048);
  await xftfBatchGpu(gpu, spectra.slice(0, 8), 0.05, {}, fft);
  let out: Awaited<ReturnType<typeof xftfBatchGpu>> = [];
  const tg = await seconds(async () => { out = await xftfBatchGpu(gpu, spectra, 0.05, {}, fft); });
  fft.destroy();
  const cpuN = Math.min(200, spectra.length);
  let ref = xftf(k, spectra[0]);
  const tc = await seconds(() => { for (let s = 0; s < cpuN; s++) ref = xftf(k, spectra[s % spectra.length]); });
  const r0 = xftf(k, spectra[0]);
  const peak = Math.max(...r0.chirMag);
  const err = Math.max(...r0.chirMag.map((m, i) => Math.abs(out[0].chirMag[i] - m))) / peak;
  void ref;
  rows.push({ what: `χ(R) (xftf, nfft 2048) of ${spectra.length} spectra in one batch, GPU`, value: spectra.length / tg, unit: 'spectra/s', note: `incl. upload and read-back; max error ${err.toExponential(1)} of the peak` });
  rows.push({ what: 'χ(R) (xftf) one spectrum at a time, CPU TypeScript', value: cpuN / tc, unit: 'spectra/s', note: 'xftf' });
  log(`fft: gpu ${(spectra.length / tg).toFixed(0)} spectra/s, cpu ${(cpuN / tc).toFixed(0)}`);
}

/** Bytes a frame moves: over PCIe (the payload) and through GPU memory (decode passes + CSR product). */
export function boundEstimate(input: MeasureInput, h2d: number, dev: number): Row[] {
  const payload = input.payloads.reduce((s, p) => s + p.length, 0) / input.payloads.length;
  const pixels = input.bbox.rows * input.bbox.cols;
  const nnz = input.bbox.indices.length;
  const decodeBytes = 3 * payload + 4 * pixels + pixels / 4; // mark/reduce/scatter read the payload; scatter writes int32; masks
  const spmvBytes = 8 * nnz + 8 * pixels + 4 * input.bbox.npt; // indices+weights, frame+norm gathers, indptr
  return [
    { what: 'bound: host → GPU of the compressed payload at the best measured chunked rate', value: h2d / payload, unit: 'frames/s', note: `${(payload / 1e6).toFixed(2)} MB per frame at ${(h2d / 1e9).toFixed(1)} GB/s` },
    { what: 'bound: PCIe 5.0 x16 nominal (64 GB/s, ~50 GB/s usable)', value: 50e9 / payload, unit: 'frames/s', note: 'what the link allows if the host side kept up' },
    { what: 'bound: GPU memory, decode + integrate (measured copy-kernel bandwidth)', value: dev / (decodeBytes + spmvBytes), unit: 'frames/s', note: `≈ ${((decodeBytes + spmvBytes) / 1e6).toFixed(1)} MB touched per frame at ${(dev / 1e9).toFixed(0)} GB/s` },
  ];
}

export async function measureGpu(gpu: GpuContext, input: MeasureInput, log: Log = () => {}): Promise<Row[]> {
  const rows: Row[] = [];
  const n = input.bbox.rows * input.bbox.cols;
  const cpu = input.payloads.map((p) => {
    const r = decodeByteOffsetInt32(p, n);
    if (!r.ok) throw new Error(r.problem);
    return r.values;
  });
  const { h2d, dev } = await bandwidth(gpu, input.bandwidthBytes, rows, log);
  const { slots } = await decoding(gpu, input, rows, log);
  await integration(gpu, input, slots.slice(0, input.payloads.length).map((s) => s.frame), cpu, rows, log);
  await chain(gpu, input, cpu, rows, log);
  await perCall(gpu, input, cpu, rows, log);
  await spectraFft(gpu, input, rows, log);
  await cpuBaselines(input, cpu, rows, log);
  rows.push(...boundEstimate(input, h2d, dev));
  return rows;
}

export function rowsToMarkdown(adapter: string, rows: readonly Row[]): string {
  const fmt = (v: number) => (Number.isNaN(v) ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  return ['| GPU | measurement | value | unit | note |', '| --- | --- | ---: | --- | --- |',
    ...rows.map((r) => `| ${adapter} | ${r.what} | ${fmt(r.value)} | ${r.unit} | ${r.note} |`)].join('\n');
}
