/**
 * An integration plan built once and shared by every worker of the frame pool: the CSR plan (indptr,
 * indices, weights, norm, radial), the per-bin normalisation sums of integer frames, and the compact
 * pixel-major layout the WebAssembly integrator streams through, all in one shared WebAssembly memory.
 * Posting the handle to a worker copies nothing; each worker adds only its own regions (file, pixels, sums)
 * to the same memory. The geometry arrays, the first CSR arrays and the full pixel-major layout used to
 * build it are garbage once it is built.
 */
import type { BinAxis } from './bins.ts';
import type { CsrPlan, SplitMethod } from './csr.ts';
import type { Geometry, RadialUnit } from './geometry.ts';
import { residentBytes, writeResidentLayout } from './integrate-wasm.ts';
import type { ResidentLayout } from './integrate-wasm.ts';
import { pixelMajorOf } from './pixel-major.ts';
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

/** Copies a plan (and its integer-frame layout) into a new shared memory. */
export function sharePlan(plan: CsrPlan): SharedPlanHandle {
  const pm = pixelMajorOf(plan);
  const n = plan.rows * plan.cols;
  const npt = plan.npt;
  const entries = plan.indices.length;
  const sizes = { indptr: 4 * (npt + 1), indices: 4 * entries, weights: 4 * entries, norm: 4 * n, radial: 8 * npt, sumNormalization: 8 * npt, count: 8 * npt };
  const layoutBytes = pm.compact ? residentBytes(plan) : null;
  const total = Object.values(sizes).reduce((s, b) => s + align16(b), 0) + (layoutBytes ?? 0);
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
  new Float64Array(buf, at.sumNormalization, npt).set(pm.sumNormalization);
  new Float64Array(buf, at.count, npt).set(pm.count);
  const layout = layoutBytes === null ? null : writeResidentLayout(arena, plan, next);
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
