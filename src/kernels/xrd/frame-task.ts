/**
 * One frame file → one pattern: read, decode (CBF), integrate. Runs in a pool worker or on the main thread.
 * The plan and the mask are cached per thread (built on the first frame, reused after), nothing happens at
 * import time.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readCbf } from '../../formats/cbf.ts';
import { messageOf } from '../../graph/errors.ts';
import type { SplitMethod } from './csr.ts';
import { detectorMask, knownDetector } from './detector.ts';
import type { Geometry, RadialUnit } from './geometry.ts';
import { integrate1d } from './integrate.ts';
import { readMask } from './mask.ts';
import { PlanCache } from './plan-cache.ts';
import type { PlanLog } from './plan-cache.ts';

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

/** Integrates one frame already in memory. */
export function integrateFrameBytes(bytes: Uint8Array, file: string, index: number, setup: IntegrationSetup, readMs = 0): FrameReply {
  try {
    const t0 = performance.now();
    // The frame is integrated before the next one is read: decode into the thread's scratch buffer.
    const frame = readCbf(bytes, { file, verifyMd5: setup.verifyMd5 ?? true, scratch: true });
    const g = setup.geometry;
    if (frame.rows !== g.rows || frame.cols !== g.cols) {
      throw new Error(`${file}: frame is ${frame.rows} × ${frame.cols}, geometry expects ${g.rows} × ${g.cols}`);
    }
    const t1 = performance.now();
    plans ??= new PlanCache((m) => (setup.logPlans ? console.error(m) : planLog(m)));
    const plan = plans.get(g, {
      npt: setup.npt,
      unit: setup.unit,
      method: setup.method,
      mask: maskFor(setup),
      solidAngle: setup.solidAngle,
      polarization: setup.polarization,
      radialRange: setup.radialRange ?? null,
    });
    const t2 = performance.now();
    const p = integrate1d(plan, frame.data, { dummy: setup.dummy ?? null, deltaDummy: setup.deltaDummy ?? null });
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
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (fileBuffer.length < size) fileBuffer = new Uint8Array(Math.ceil(size * 1.25));
    let got = 0;
    while (got < size) {
      const r = readSync(fd, fileBuffer, got, size - got, got);
      if (r === 0) break;
      got += r;
    }
    return fileBuffer.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Reads, decodes and integrates one frame file; errors become `ok: false` replies naming the file. */
export function integrateFrameFile(task: FrameTask): FrameReply {
  const t0 = performance.now();
  let bytes: Uint8Array;
  try {
    bytes = readIntoScratch(task.file);
  } catch (e) {
    return { ok: false, index: task.index, file: task.file, error: `${task.file}: cannot read: ${messageOf(e)}` };
  }
  return integrateFrameBytes(bytes, task.file, task.index, task.setup, performance.now() - t0);
}
