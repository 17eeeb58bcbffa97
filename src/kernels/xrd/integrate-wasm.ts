/**
 * The pixel-major product for int32 frames in WebAssembly SIMD: each pixel adds w·x and w²·max(x, 1) to its
 * consecutive bins two at a time (f64x2), its float32 weights padded to an even count with zeros (adding 0
 * changes no sum). Same sums in the same order as the JS pixel-major loop and the CSR reference, so the
 * results are identical. The plan's layout lives in the module's memory (a WasmArena): copied into this thread's arena once per
 * plan, or written once into a shared arena that every worker of the frame pool integrates from
 * (shared-plan.ts).
 */
import type { CsrPlan } from './csr.ts';
import { pixelMajorOf } from './pixel-major.ts';
import { WasmArena } from './wasm-arena.ts';
import { F64, I32, V128, importingModule, op } from './wasm-asm.ts';

// Params: n=0, span=1, first=2, weights=3, frame=4, sums=5, vars=6; locals: k=7, m=8, off=9, e=10, j=11,
// x=12 (f64), vx=13 (f64), xs=14, vs=15, w2=16 (v128).
const [N, SPAN, FIRST, W, FRAME, S, VV, K, M, OFF, E, J, X, VX, XS, VS, W2] = Array.from({ length: 17 }, (_, i) => i);
const { get, set, tee, i32, f64, simd } = op;
const ADD = 0x6a, SHL = 0x74, GE_U = 0x4f, EQZ = 0x45;
const LOOP = 0x03, BLOCK = 0x02, IF = 0x04, END = 0x0b, BR = 0x0c, BR_IF = 0x0d, VOID = 0x40;
const F64X2_ADD = 0xf0, F64X2_MUL = 0xf2;

const pairStep = (base: number, value: number[]) => [
  ...get(base), ...get(OFF), ADD, ...tee(J),
  ...get(J), ...simd(0x00, 3, 0), ...value, ...simd(F64X2_ADD),
  ...simd(0x0b, 3, 0),
];

const code = [
  ...get(W), ...set(E),
  BLOCK, VOID,
  LOOP, VOID,
  ...get(K), ...get(N), GE_U, BR_IF, 1,
  ...get(SPAN), ...get(K), ADD, 0x2d, 0, 0, ...tee(M), EQZ, EQZ,
  IF, VOID,
  ...get(FRAME), ...get(K), ...i32(2), SHL, ADD, 0x28, 2, 0, 0xb7, ...tee(X), ...simd(0x14), ...set(XS),
  // max(x, 1) as f64x2.pmax (one maxpd; x is an integer, never NaN) rather than f64.max, which V8 emits with NaN branches.
  ...get(XS), ...simd(0x0c, ...new Uint8Array(Float64Array.of(1, 1).buffer)), ...simd(0xf7), ...set(VS),
  ...get(FIRST), ...get(K), ...i32(1), SHL, ADD, 0x2f, 1, 0, ...i32(3), SHL, ...set(OFF),
  LOOP, VOID,
  ...get(E), ...simd(0x5d, 2, 0), ...simd(0x5f), ...set(W2),
  ...pairStep(S, [...get(W2), ...get(XS), ...simd(F64X2_MUL)]),
  ...pairStep(VV, [...get(W2), ...get(W2), ...simd(F64X2_MUL), ...get(VS), ...simd(F64X2_MUL)]),
  ...get(OFF), ...i32(16), ADD, ...set(OFF),
  ...get(E), ...i32(8), ADD, ...set(E),
  ...get(M), ...i32(-2), ADD, ...tee(M), ...i32(0), 0x4a, BR_IF, 0,
  END,
  END,
  ...get(K), ...i32(1), ADD, ...set(K),
  BR, 0,
  END,
  END,
];


const LOCALS: [number, number][] = [[5, I32], [2, F64], [3, V128]];
const MODULES = { local: importingModule('integrate', 7, null, LOCALS, code, false), shared: importingModule('integrate', 7, null, LOCALS, code, true) };
const compiled: { local?: WebAssembly.Module; shared?: WebAssembly.Module } = {};

/** Where a plan's compact layout lies in an arena (byte offsets). */
export interface ResidentLayout {
  /** Pixels. */
  readonly n: number;
  readonly npt: number;
  /** n bytes: bins per pixel (0: pixel left out). */
  readonly span: number;
  /** n uint16: first bin. */
  readonly first: number;
  /** float32 weights, each pixel's padded to an even count with zeros. */
  readonly weights: number;
  readonly weightCount: number;
}

export interface WasmIntegrator {
  readonly arena: WasmArena;
  /**
   * Σw·x into sums and Σw²·max(x, 1) into vars (npt + 2 doubles each, zeroed here) for the int32 frame at
   * `frame` (n pixels), all offsets in the arena.
   */
  sumsAt(layout: ResidentLayout, frame: number, sums: number, vars: number): void;
}

/** An integrator working in the given arena, or null without WebAssembly SIMD. */
export function wasmIntegratorIn(arena: WasmArena): WasmIntegrator | null {
  try {
    const kind = arena.shared ? 'shared' : 'local';
    const module = (compiled[kind] ??= new WebAssembly.Module(MODULES[kind] as Uint8Array<ArrayBuffer>));
    type Fn = (n: number, span: number, first: number, w: number, frame: number, s: number, v: number) => void;
    const integrate = (new WebAssembly.Instance(module, { env: { memory: arena.memory } }).exports as unknown as { integrate: Fn }).integrate;
    return {
      arena,
      sumsAt(layout, frame, sums, vars) {
        new Float64Array(arena.memory.buffer, sums, layout.npt + 2).fill(0);
        new Float64Array(arena.memory.buffer, vars, layout.npt + 2).fill(0);
        integrate(layout.n, layout.span, layout.first, layout.weights, frame, sums, vars);
      },
    };
  } catch {
    return null;
  }
}

const align = (x: number, a: number) => Math.ceil(x / a) * a;

/**
 * A pixel's run of bins in the resident layout starts on an even bin (a zero weight in front when its first
 * bin is odd) and has an even length: every f64x2 load and store of the sums is then 16-byte aligned and
 * hits the same pair of bins as the neighbouring pixels' updates (which lets the CPU forward stores to loads;
 * a pair straddling two earlier stores stalls). Adding 0·x changes no sum.
 */
const leadOf = (first: number) => first & 1;

/** Float32 weights of the resident layout (runs aligned and padded as above), or null without a compact layout. */
function paddedCount(plan: CsrPlan): number | null {
  const c = pixelMajorOf(plan).compact;
  if (!c) return null;
  let padded = 0;
  for (let k = 0; k < c.span.length; k++) if (c.span[k] > 0) padded += (c.span[k] + leadOf(c.first[k]) + 1) & ~1;
  return padded;
}

/** Bytes writeResidentLayout needs for a plan, or null without a compact layout (npt > 65535, a pixel over 255 bins). */
export function residentBytes(plan: CsrPlan): number | null {
  const padded = paddedCount(plan);
  if (padded === null) return null;
  const n = plan.rows * plan.cols;
  return align(n, 16) + align(2 * n, 16) + 4 * padded + 16;
}

/** Writes the plan's compact layout (runs aligned to even bins, padded to pairs) at `at` in the arena (residentBytes(plan) bytes). */
export function writeResidentLayout(arena: WasmArena, plan: CsrPlan, at: number): ResidentLayout | null {
  const c = pixelMajorOf(plan).compact;
  const padded = paddedCount(plan);
  if (!c || padded === null) return null;
  const n = plan.rows * plan.cols;
  const span = at;
  const first = span + align(n, 16);
  const weights = first + align(2 * n, 16);
  const buf = arena.memory.buffer;
  const sv = new Uint8Array(buf, span, n);
  const fv = new Uint16Array(buf, first, n);
  const wv = new Float32Array(buf, weights, padded);
  wv.fill(0);
  let e = 0;
  let p = 0;
  for (let k = 0; k < n; k++) {
    const m = c.span[k];
    if (m === 0) {
      sv[k] = 0;
      fv[k] = 0;
      continue;
    }
    const lead = leadOf(c.first[k]);
    if (m + lead > 255) return null;
    sv[k] = m + lead;
    fv[k] = c.first[k] - lead;
    for (let j = 0; j < m; j++) wv[p + lead + j] = c.weights[e + j];
    e += m;
    p += (m + lead + 1) & ~1;
  }
  return { n, npt: plan.npt, span, first, weights, weightCount: padded };
}

/** This thread's integrator for plans and frames given as arrays: the last plan's layout, a frame and the sums. */
interface Local {
  readonly integrator: WasmIntegrator;
  region: number;
  regionBytes: number;
  plan: CsrPlan | null;
  layout: ResidentLayout | null;
  frame: number;
  sums: number;
  vars: number;
}
let local: Local | null | undefined;

function localIntegrator(): Local | null {
  if (local === undefined) {
    const integrator = wasmIntegratorIn(WasmArena.local());
    local = integrator && { integrator, region: 0, regionBytes: 0, plan: null, layout: null, frame: 0, sums: 0, vars: 0 };
  }
  return local;
}

export function wasmIntegratorAvailable(): boolean {
  return localIntegrator() !== null;
}

/** Makes `plan` the resident one of this thread's arena (its region reused when large enough). */
function makeResident(l: Local, plan: CsrPlan): boolean {
  const layoutBytes = residentBytes(plan);
  if (layoutBytes === null) return false;
  const n = plan.rows * plan.cols;
  const need = layoutBytes + align(4 * n, 16) + 2 * align(8 * (plan.npt + 2), 16);
  if (need > l.regionBytes) {
    l.region = l.integrator.arena.alloc(need);
    l.regionBytes = need;
  }
  l.layout = writeResidentLayout(l.integrator.arena, plan, l.region);
  l.plan = plan;
  l.frame = l.region + align(layoutBytes, 16);
  l.sums = l.frame + align(4 * n, 16);
  l.vars = l.sums + align(8 * (plan.npt + 2), 16);
  return l.layout !== null;
}

/** Σw·x and Σw²·max(x, 1) per bin for an int32 frame, or null where WebAssembly SIMD or the layout is missing. */
export function integrateSumsWasm(plan: CsrPlan, frame: Int32Array): { sumSignal: Float64Array; sumVariance: Float64Array } | null {
  const l = localIntegrator();
  if (!l) return null;
  if (l.plan !== plan && !makeResident(l, plan)) {
    l.plan = null;
    return null;
  }
  const buf = l.integrator.arena.memory.buffer;
  const n = plan.rows * plan.cols;
  new Int32Array(buf, l.frame, n).set(frame);
  l.integrator.sumsAt(l.layout!, l.frame, l.sums, l.vars);
  return { sumSignal: new Float64Array(buf, l.sums, plan.npt).slice(), sumVariance: new Float64Array(buf, l.vars, plan.npt).slice() };
}
