/**
 * One frame file → one pattern: read, decode (CBF), integrate. Runs in a pool worker or on the main thread.
 * With a shared plan (the frame pool's tasks carry one), the worker reads the file, decodes and integrates
 * inside the plan's shared WebAssembly memory, in regions of its own (file, pixels, sums) made on its first
 * frame: no plan of its own, no copy of the pixels. Without one, the plan and the mask are cached per thread
 * (built on the first frame, reused after). Nothing happens at import time.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodeInt32, readCbf } from '../../formats/cbf.ts';
import type { Int32Decoder } from '../../formats/cbf.ts';
import { wasmDecoderIn } from '../../formats/cbf-byte-offset-wasm.ts';
import type { WasmDecoder } from '../../formats/cbf-byte-offset-wasm.ts';
import { messageOf } from '../../graph/errors.ts';
import type { CsrPlan, SplitMethod } from './csr.ts';
import { detectorMask, knownDetector } from './detector.ts';
import type { Geometry, RadialUnit } from './geometry.ts';
import { integrate1d, patternFromSums } from './integrate.ts';
import type { Pattern1D } from './integrate.ts';
import { wasmIntegratorIn } from './integrate-wasm.ts';
import type { WasmIntegrator } from './integrate-wasm.ts';
import { readMask } from './mask.ts';
import { PlanCache } from './plan-cache.ts';
import type { PlanLog } from './plan-cache.ts';
import type { PlanOptions } from './plan.ts';
import { openSharedPlan } from './shared-plan.ts';
import type { SharedPlan, SharedPlanHandle } from './shared-plan.ts';

export interface IntegrationSetup {
  readonly geometry: Geometry;
  readonly npt: number;
  readonly unit: RadialUnit;
  readonly method: SplitMethod;
  readonly polarization: number | null;
  readonly solidAngle: boolean;
  /** Raw int8 or EDF mask file; it replaces the detector mask. null: the detector's gap mask (if known). */
  readonly maskFile: string | null;
  readonly radialRange?: readonly [number, number] | null;
  readonly dummy?: number | null;
  readonly deltaDummy?: number | null;
  readonly verifyMd5?: boolean;
  /** Report plan builds (with the reason) on stderr. */
  readonly logPlans?: boolean;
}

export interface FrameTask {
  readonly index: number;
  readonly file: string;
  readonly setup: IntegrationSetup;
  /** The plan of `setup`, built once by the pool and shared by its workers. */
  readonly shared?: SharedPlanHandle;
}

export type FrameReply =
  | {
      readonly ok: true;
      readonly index: number;
      readonly file: string;
      readonly radial: Float64Array;
      readonly intensity: Float64Array;
      readonly sigma: Float64Array;
      readonly count: Float64Array;
      readonly header: Readonly<Record<string, string>>;
      /** Milliseconds spent reading, decoding and integrating. */
      readonly ms: { readonly read: number; readonly decode: number; readonly integrate: number };
      readonly backend: string;
    }
  | { readonly ok: false; readonly index: number; readonly file: string; readonly error: string };

let plans: PlanCache | null = null;
const masks = new Map<string, Uint8Array>();
let planLog: PlanLog = () => {};

/** Where this thread reports plan (re)builds. */
export function setPlanLog(log: PlanLog): void {
  planLog = log;
  plans = null;
}

/** The plan options of a setup (the mask read once per thread). */
export function planOptionsOf(setup: IntegrationSetup): PlanOptions {
  return {
    npt: setup.npt,
    unit: setup.unit,
    method: setup.method,
    mask: maskFor(setup),
    solidAngle: setup.solidAngle,
    polarization: setup.polarization,
    radialRange: setup.radialRange ?? null,
  };
}

function maskFor(setup: IntegrationSetup): Uint8Array | null {
  const g = setup.geometry;
  const key = `${setup.maskFile ?? '<detector>'}|${g.rows}x${g.cols}`;
  let m = masks.get(key);
  if (!m) {
    if (setup.maskFile) m = readMask(setup.maskFile, g.rows, g.cols);
    else {
      const d = knownDetector(g.detector);
      if (!d) return null;
      m = detectorMask(d);
    }
    masks.set(key, m);
  }
  return m;
}

/**
 * A shared plan opened in this worker, with the worker's regions in its memory: the file, the pixels and the
 * sums. The WebAssembly kernels work there directly.
 */
export interface SharedWork {
  readonly shared: SharedPlan;
  readonly decoder: WasmDecoder | null;
  readonly integrator: WasmIntegrator | null;
  file: number;
  fileBytes: number;
  readonly frame: number;
  readonly sums: number;
  readonly vars: number;
}

let sharedWork: SharedWork | null = null;

function sharedWorkFor(h: SharedPlanHandle): SharedWork {
  if (sharedWork?.shared.handle.id === h.id) return sharedWork;
  const shared = openSharedPlan(h);
  const n = h.rows * h.cols;
  const align16 = (x: number) => Math.ceil(x / 16) * 16;
  const frameBytes = align16(4 * n);
  const sumBytes = align16(8 * (h.npt + 2));
  const frame = shared.arena.alloc(frameBytes + 2 * sumBytes);
  sharedWork = {
    shared,
    decoder: wasmDecoderIn(shared.arena),
    integrator: h.layout ? wasmIntegratorIn(shared.arena) : null,
    file: 0,
    fileBytes: 0,
    frame,
    sums: frame + frameBytes,
    vars: frame + frameBytes + sumBytes,
  };
  return sharedWork;
}

/** Decodes into the worker's pixel region when the frame has the plan's size (else the usual way, so the size check reports it). */
function sharedDecoder(w: SharedWork): Int32Decoder | undefined {
  const d = w.decoder;
  if (!d) return undefined;
  const n = w.shared.plan.rows * w.shared.plan.cols;
  return (payload, count) => {
    if (count !== n) return decodeInt32(payload, count);
    const consumed = d.decodeAt(payload.byteOffset, payload.length, w.frame, n);
    if (consumed < 0) return decodeInt32(payload, count);
    return { ok: true, values: new Int32Array(w.shared.arena.memory.buffer, w.frame, n), consumed };
  };
}

function integrateShared(w: SharedWork, frame: Int32Array, setup: IntegrationSetup): Pattern1D {
  const plan = w.shared.plan;
  const layout = w.shared.handle.layout;
  // Decoded in place (a frame decoded elsewhere, by the JS fallback, lies in an ordinary buffer).
  const inPlace = frame.buffer instanceof SharedArrayBuffer && frame.byteOffset === w.frame && frame.length === plan.rows * plan.cols;
  if (!w.integrator || !layout || !inPlace || setup.dummy != null || setup.deltaDummy != null) {
    return integrate1d(plan, frame, { dummy: setup.dummy ?? null, deltaDummy: setup.deltaDummy ?? null });
  }
  w.integrator.sumsAt(layout, w.frame, w.sums, w.vars);
  const buf = w.shared.arena.memory.buffer;
  return patternFromSums(
    plan,
    new Float64Array(buf, w.sums, plan.npt).slice(),
    new Float64Array(buf, w.vars, plan.npt).slice(),
    w.shared.sumNormalization.slice(),
    w.shared.count.slice(),
    0,
    'wasm-simd-pixel-major-shared',
  );
}

/** Integrates one frame already in memory (with `shared`, bytes may lie in the shared plan's memory). */
export function integrateFrameBytes(bytes: Uint8Array, file: string, index: number, setup: IntegrationSetup, readMs = 0, shared: SharedWork | null = null): FrameReply {
  try {
    const t0 = performance.now();
    // The frame is integrated before the next one is read: decode into the thread's scratch buffer.
    const decoder = shared ? sharedDecoder(shared) : undefined;
    const frame = readCbf(bytes, { file, verifyMd5: setup.verifyMd5 ?? true, scratch: true, ...(decoder ? { decoder } : {}) });
    const g = setup.geometry;
    if (frame.rows !== g.rows || frame.cols !== g.cols) {
      throw new Error(`${file}: frame is ${frame.rows} × ${frame.cols}, geometry expects ${g.rows} × ${g.cols}`);
    }
    const t1 = performance.now();
    let plan: CsrPlan | null = null;
    if (!shared) {
      plans ??= new PlanCache((m) => (setup.logPlans ? console.error(m) : planLog(m)));
      plan = plans.get(g, planOptionsOf(setup));
    }
    const t2 = performance.now();
    const p = shared ? integrateShared(shared, frame.data, setup) : integrate1d(plan!, frame.data, { dummy: setup.dummy ?? null, deltaDummy: setup.deltaDummy ?? null });
    const t3 = performance.now();
    return {
      ok: true,
      index,
      file,
      radial: p.radial.slice(),
      intensity: p.intensity,
      sigma: p.sigma,
      count: p.count,
      header: frame.header,
      ms: { read: readMs, decode: t1 - t0, integrate: t3 - t2 },
      backend: p.backend,
    };
  } catch (e) {
    return { ok: false, index, file, error: messageOf(e) };
  }
}

/** The thread's file buffer: frames are read into it (no fresh pages per frame); grows as needed. */
let fileBuffer = new Uint8Array(0);

/** Reads a whole file into the thread's buffer; the view is valid until the next read. */
export function readIntoScratch(file: string): Uint8Array {
  return readWhole(file, (size) => {
    if (fileBuffer.length < size) fileBuffer = new Uint8Array(Math.ceil(size * 1.25));
    return fileBuffer;
  });
}

/** Reads a whole file into the worker's file region of the shared memory (a larger region when needed). */
function readIntoShared(file: string, w: SharedWork): Uint8Array {
  return readWhole(file, (size) => {
    if (w.fileBytes < size) {
      w.fileBytes = Math.ceil(size * 1.25);
      w.file = w.shared.arena.alloc(w.fileBytes);
    }
    return new Uint8Array(w.shared.arena.memory.buffer, w.file, w.fileBytes);
  });
}

function readWhole(file: string, bufferFor: (size: number) => Uint8Array): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = bufferFor(size);
    let got = 0;
    while (got < size) {
      const r = readSync(fd, buf, got, size - got, got);
      if (r === 0) break;
      got += r;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Reads, decodes and integrates one frame file; errors become `ok: false` replies naming the file. */
export function integrateFrameFile(task: FrameTask): FrameReply {
  const t0 = performance.now();
  let bytes: Uint8Array;
  let shared: SharedWork | null = null;
  try {
    shared = task.shared ? sharedWorkFor(task.shared) : null;
    bytes = shared ? readIntoShared(task.file, shared) : readIntoScratch(task.file);
  } catch (e) {
    return { ok: false, index: task.index, file: task.file, error: `${task.file}: cannot read: ${messageOf(e)}` };
  }
  return integrateFrameBytes(bytes, task.file, task.index, task.setup, performance.now() - t0, shared);
}
