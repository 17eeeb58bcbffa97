/**
 * An integration plan built once and shared by every worker of the frame pool: the CSR plan (indptr,
 * indices, weights, norm, radial), the per-bin normalisation sums of integer frames, and the compact
 * pixel-major layout the WebAssembly integrator streams through, all in one shared WebAssembly memory.
 * Posting the handle to a worker copies nothing; each worker adds only its own regions (file, pixels, sums)
 * to the same memory. The layout is made from the CSR arrays directly (no pixel-major layout in between),
 * and the geometry arrays and the first CSR arrays are garbage once it is built.
 */
import type { BinAxis } from './bins.ts';
import type { CsrPlan, SplitMethod } from './csr.ts';
import type { Geometry, RadialUnit } from './geometry.ts';
import type { ResidentLayout } from './integrate-wasm.ts';
import { buildPlan } from './plan.ts';
import type { PlanOptions } from './plan.ts';
import { WasmArena } from './wasm-arena.ts';

/** Byte offsets of the plan's arrays in the shared memory. */
interface Offsets {
  readonly indptr: number;
  readonly indices: number;
  readonly weights: number;
  readonly norm: number;
  readonly radial: number;
  readonly sumNormalization: number;
  readonly count: number;
}

/** What is posted to workers: the memory and where things are in it (structured-clone safe). */
export interface SharedPlanHandle {
  /** The plan key plus a serial: workers open each handle once. */
  readonly id: string;
  readonly memory: WebAssembly.Memory;
  readonly method: SplitMethod;
  readonly unit: RadialUnit;
  readonly npt: number;
  readonly rows: number;
  readonly cols: number;
  readonly entries: number;
  readonly axis: BinAxis;
  readonly key: string;
  readonly at: Offsets;
  /** The integrator's layout, or null when the plan has none (npt > 65535, a pixel over 255 bins). */
  readonly layout: ResidentLayout | null;
  /** Bytes of the plan in the memory. */
  readonly bytes: number;
}

/** A plan opened in this thread: views on the shared memory. */
export interface SharedPlan {
  readonly handle: SharedPlanHandle;
  readonly arena: WasmArena;
  readonly plan: CsrPlan;
  /** Σw·norm and Σw per bin over pixels with norm ≠ 0 (what every integer frame contributes). */
  readonly sumNormalization: Float64Array;
  readonly count: Float64Array;
}

let serial = 0;
const align16 = (x: number) => Math.ceil(x / 16) * 16;

/** Builds the plan and puts it in a new shared memory (on the thread that owns the pool). */
export function buildSharedPlan(g: Geometry, o: PlanOptions): SharedPlanHandle {
  return sharePlan(buildPlan(g, o));
}

/**
 * The integrator's resident layout straight from the CSR arrays (what writeResidentLayout makes from the
 * pixel-major layout, byte for byte, without building that layout): per counted pixel (norm ≠ 0, at least
 * one bin) its first bin rounded down to even, its run length (with the leading zero weight) and where its
 * run starts among the padded weights. Null when a run exceeds 255 bins or npt 65535 (as compactOf).
 */
function residentRuns(plan: CsrPlan): { span: Uint8Array; first: Uint16Array; at: Int32Array; padded: number } | null {
  const { indptr, indices, npt, norm } = plan;
  if (npt > 65535) return null;
  const n = plan.rows * plan.cols;
  const lo = new Int32Array(n).fill(npt);
  const at = new Int32Array(n).fill(-1);
  for (let b = 0; b < npt; b++) {
    for (let j = indptr[b]; j < indptr[b + 1]; j++) {
      const k = indices[j];
      if (b < lo[k]) lo[k] = b;
      if (b > at[k]) at[k] = b;
    }
  }
  const span = new Uint8Array(n);
  const first = new Uint16Array(n);
  let padded = 0;
  for (let k = 0; k < n; k++) {
    const hi = at[k];
    at[k] = -1;
    if (hi < lo[k] || norm[k] === 0) continue;
    const m = hi - lo[k] + 1;
    if (m > 255) return null;
    const lead = lo[k] & 1;
    if (m + lead > 255) return null;
    span[k] = m + lead;
    first[k] = lo[k] - lead;
    at[k] = padded;
    padded += (m + lead + 1) & ~1;
  }
  return { span, first, at, padded };
}

/**
 * Copies a plan into a new shared memory, with its per-bin normalisation sums and the integrator's layout
 * computed from the CSR arrays (bin by bin, pixels in increasing order within a bin: the pixel-major sums'
 * order, so the same values).
 */
export function sharePlan(plan: CsrPlan): SharedPlanHandle {
  const n = plan.rows * plan.cols;
  const npt = plan.npt;
  const entries = plan.indices.length;
  const runs = residentRuns(plan);
  const sizes = { indptr: 4 * (npt + 1), indices: 4 * entries, weights: 4 * entries, norm: 4 * n, radial: 8 * npt, sumNormalization: 8 * npt, count: 8 * npt };
  const layoutBytes = runs ? align16(n) + align16(2 * n) + 4 * runs.padded + 16 : 0;
  const total = Object.values(sizes).reduce((s, b) => s + align16(b), 0) + layoutBytes;
  const arena = WasmArena.createShared();
  const base = arena.alloc(total);
  let next = base;
  const place = (bytes: number) => {
    const at = next;
    next += align16(bytes);
    return at;
  };
  const at: Offsets = {
    indptr: place(sizes.indptr),
    indices: place(sizes.indices),
    weights: place(sizes.weights),
    norm: place(sizes.norm),
    radial: place(sizes.radial),
    sumNormalization: place(sizes.sumNormalization),
    count: place(sizes.count),
  };
  const buf = arena.memory.buffer;
  new Int32Array(buf, at.indptr, npt + 1).set(plan.indptr);
  new Int32Array(buf, at.indices, entries).set(plan.indices);
  new Float32Array(buf, at.weights, entries).set(plan.weights);
  new Float32Array(buf, at.norm, n).set(plan.norm);
  new Float64Array(buf, at.radial, npt).set(plan.radial);
  const sumNormalization = new Float64Array(buf, at.sumNormalization, npt);
  const count = new Float64Array(buf, at.count, npt);
  const { indptr, indices, weights, norm } = plan;
  for (let b = 0; b < npt; b++) {
    let sn = 0;
    let c = 0;
    for (let j = indptr[b]; j < indptr[b + 1]; j++) {
      const nk = norm[indices[j]];
      if (nk === 0) continue;
      sn += weights[j] * nk;
      c += weights[j];
    }
    sumNormalization[b] = sn;
    count[b] = c;
  }
  let layout: ResidentLayout | null = null;
  if (runs) {
    const span = next;
    const first = span + align16(n);
    const w = first + align16(2 * n);
    new Uint8Array(buf, span, n).set(runs.span);
    new Uint16Array(buf, first, n).set(runs.first);
    const wv = new Float32Array(buf, w, runs.padded);
    for (let b = 0; b < npt; b++) {
      for (let j = indptr[b]; j < indptr[b + 1]; j++) {
        const k = indices[j];
        const p = runs.at[k];
        if (p >= 0) wv[p + b - runs.first[k]] = weights[j];
      }
    }
    layout = { n, npt, span, first, weights: w, weightCount: runs.padded };
  }
  return {
    id: `${plan.key}#${serial++}:${Math.random().toString(36).slice(2)}`,
    memory: arena.memory,
    method: plan.method,
    unit: plan.unit,
    npt,
    rows: plan.rows,
    cols: plan.cols,
    entries,
    axis: plan.axis,
    key: plan.key,
    at,
    layout,
    bytes: total,
  };
}

/** The plan of a handle, as views on its shared memory (no copy). */
export function openSharedPlan(h: SharedPlanHandle): SharedPlan {
  const buf = h.memory.buffer;
  const n = h.rows * h.cols;
  const plan: CsrPlan = {
    method: h.method,
    unit: h.unit,
    npt: h.npt,
    rows: h.rows,
    cols: h.cols,
    indptr: new Int32Array(buf, h.at.indptr, h.npt + 1),
    indices: new Int32Array(buf, h.at.indices, h.entries),
    weights: new Float32Array(buf, h.at.weights, h.entries),
    norm: new Float32Array(buf, h.at.norm, n),
    radial: new Float64Array(buf, h.at.radial, h.npt),
    axis: h.axis,
    key: h.key,
  };
  return {
    handle: h,
    arena: WasmArena.ofShared(h.memory),
    plan,
    sumNormalization: new Float64Array(buf, h.at.sumNormalization, h.npt),
    count: new Float64Array(buf, h.at.count, h.npt),
  };
}
