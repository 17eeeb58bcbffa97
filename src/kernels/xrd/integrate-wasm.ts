/**
 * The pixel-major product for int32 frames in WebAssembly SIMD: each pixel adds w·x and w²·max(x, 1) to its
 * consecutive bins two at a time (f64x2), its float32 weights padded to an even count with zeros (adding 0
 * changes no sum). Same sums in the same order as the JS pixel-major loop and the CSR reference, so the
 * results are identical. The plan's layout lives in the module's memory, copied in once per plan (per thread).
 */
import type { CsrPlan } from './csr.ts';
import { pixelMajorOf } from './pixel-major.ts';
import { F64, I32, V128, oneFunctionModule, op } from './wasm-asm.ts';

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
  ...get(X), ...f64(1), 0xa5, ...simd(0x14), ...set(VS),
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


const MODULE = oneFunctionModule('integrate', 7, null, [[5, I32], [2, F64], [3, V128]], code);

interface Exports {
  readonly integrate: (n: number, span: number, first: number, w: number, frame: number, s: number, v: number) => void;
  readonly memory: WebAssembly.Memory;
}

interface Resident {
  readonly plan: CsrPlan;
  readonly span: number;
  readonly first: number;
  readonly weights: number;
  readonly frame: number;
  readonly sums: number;
  readonly vars: number;
}

let exportsCache: Exports | null | undefined;
let resident: Resident | null = null;

function instance(): Exports | null {
  if (exportsCache === undefined) {
    try {
      exportsCache = new WebAssembly.Instance(new WebAssembly.Module(MODULE as Uint8Array<ArrayBuffer>)).exports as unknown as Exports;
    } catch {
      exportsCache = null;
    }
  }
  return exportsCache;
}

export function wasmIntegratorAvailable(): boolean {
  return instance() !== null;
}

const align = (x: number, a: number) => Math.ceil(x / a) * a;

/** Copies the plan's compact layout (weights padded to pairs) into the module's memory. */
function makeResident(w: Exports, plan: CsrPlan): Resident | null {
  const c = pixelMajorOf(plan).compact;
  if (!c) return null;
  const n = plan.rows * plan.cols;
  let padded = 0;
  for (let k = 0; k < n; k++) padded += (c.span[k] + 1) & ~1;
  const span = 0;
  const first = align(n, 16);
  const weights = align(first + 2 * n, 16);
  const frame = align(weights + 4 * padded, 16);
  const sums = align(frame + 4 * n, 16);
  const vars = align(sums + 8 * (plan.npt + 2), 16);
  const total = vars + 8 * (plan.npt + 2);
  const have = w.memory.buffer.byteLength;
  if (total > have) w.memory.grow(Math.ceil((total - have) / 65536));
  const buf = w.memory.buffer;
  new Uint8Array(buf, span, n).set(c.span);
  new Uint16Array(buf, first, n).set(c.first);
  const wv = new Float32Array(buf, weights, padded);
  wv.fill(0);
  let e = 0;
  let p = 0;
  for (let k = 0; k < n; k++) {
    const m = c.span[k];
    for (let j = 0; j < m; j++) wv[p + j] = c.weights[e + j];
    e += m;
    p += (m + 1) & ~1;
  }
  return { plan, span, first, weights, frame, sums, vars };
}

/** Σw·x and Σw²·max(x, 1) per bin for an int32 frame, or null where WebAssembly SIMD or the layout is missing. */
export function integrateSumsWasm(plan: CsrPlan, frame: Int32Array): { sumSignal: Float64Array; sumVariance: Float64Array } | null {
  const w = instance();
  if (!w) return null;
  if (resident?.plan !== plan) resident = makeResident(w, plan);
  if (!resident) return null;
  const r = resident;
  const n = plan.rows * plan.cols;
  const buf = w.memory.buffer;
  new Int32Array(buf, r.frame, n).set(frame);
  const s = new Float64Array(buf, r.sums, plan.npt + 2);
  const v = new Float64Array(buf, r.vars, plan.npt + 2);
  s.fill(0);
  v.fill(0);
  w.integrate(n, r.span, r.first, r.weights, r.frame, r.sums, r.vars);
  return { sumSignal: s.slice(0, plan.npt), sumVariance: v.slice(0, plan.npt) };
}
