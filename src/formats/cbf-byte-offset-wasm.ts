/**
 * The byte-offset int32 decoder as a small WebAssembly module with a SIMD fast path: 16 payload bytes
 * without an escape (0x80) are 16 one-byte deltas, sign-extended to four i32x4 vectors and prefix-summed in
 * registers. Other elements go through the scalar path (16-, 32- and 64-bit escapes, bounds checked).
 * Same results as decodeByteOffsetInt32 (sums wrap modulo 2^32, as fabio). The module is assembled here from
 * its opcodes (no toolchain needed); where WebAssembly SIMD is missing, callers fall back to the JS decoder.
 */
import type { ByteOffsetResult } from './cbf-byte-offset.ts';
import { name, section, sleb, uleb } from '../kernels/xrd/wasm-asm.ts';

// Locals: params src=0, len=1, dst=2, n=3; i32 p=4, end=5, k=6, base=7, d=8, stop=9, j=10; v128 v=11, carry=12, t=13, lo=14, hi=15.
const [SRC, LEN, DST, N, P, END, K, BASE, D, STOP, J, V, CARRY, T, LO, HI] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32c = (v: number) => [0x41, ...sleb(v)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const ADD = 0x6a, SUB = 0x6b, SHL = 0x74, AND = 0x71, OR = 0x72, CTZ = 0x68, EQ = 0x46, NE = 0x47, GE_U = 0x4f, LE_U = 0x4d, GT_U = 0x4b, EQZ = 0x45;
const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, ENDOP = 0x0b, BR = 0x0c, BR_IF = 0x0d, RETURN = 0x0f, VOID = 0x40;
const v128const = (bytes: number[]) => simd(0x0c, ...bytes);
const shuffle = (lanes: number[]) => simd(0x0d, ...lanes);
const SHIFT1 = [0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27];
const SHIFT2 = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const LANE3 = [12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15];
const ZERO = new Array<number>(16).fill(0);
const I32X4_ADD = 0xae;

/** t ← inclusive prefix sum of the i32x4 on the stack, plus carry; store at D + offset; carry ← t[3] broadcast. */
const prefixStore = (offset: number) => [
  ...set(T),
  ...get(T), ...v128const(ZERO), ...get(T), ...shuffle(SHIFT1), ...simd(I32X4_ADD), ...set(T),
  ...get(T), ...v128const(ZERO), ...get(T), ...shuffle(SHIFT2), ...simd(I32X4_ADD),
  ...get(CARRY), ...simd(I32X4_ADD), ...set(T),
  ...get(D), ...get(T), ...simd(0x0b, 0, ...uleb(offset)),
  ...get(T), ...get(T), ...shuffle(LANE3), ...set(CARRY),
];

/**
 * Vector step. j = index of the first escape byte in the 16-byte window (16 if none, via ctz(mask | 0x10000)).
 * With j ≥ 4 all 16 lanes are prefix-summed and stored (lanes past j are rewritten later, and k + 16 ≤ n
 * keeps them in bounds), then p and k advance by j; the escape goes to the scalar loop. Sets stop: how far
 * the scalar loop runs before the vector step is tried again.
 */
const fastPath = [
  ...get(K), ...i32c(8), ADD, ...set(STOP),
  ...get(P), ...i32c(16), ADD, ...get(END), LE_U,
  ...get(K), ...i32c(16), ADD, ...get(N), LE_U, AND,
  IF, VOID,
  ...get(P), ...simd(0x00, 0, 0), ...tee(V), ...v128const(new Array<number>(16).fill(0x80)), ...simd(0x23), ...simd(0x64),
  ...i32c(0x10000), OR, CTZ, ...tee(J), ...i32c(4), GE_U,
  IF, VOID,
  ...get(DST), ...get(K), ...i32c(2), SHL, ADD, ...set(D),
  ...get(V), ...simd(0x87), ...set(LO),
  ...get(V), ...simd(0x88), ...set(HI),
  ...get(LO), ...simd(0xa7), ...prefixStore(0),
  ...get(LO), ...simd(0xa8), ...prefixStore(16),
  ...get(HI), ...simd(0xa7), ...prefixStore(32),
  ...get(HI), ...simd(0xa8), ...prefixStore(48),
  ...get(J), ...i32c(16), EQ,
  IF, VOID,
  ...get(CARRY), ...simd(0x1b, 0), ...set(BASE),
  ...get(P), ...i32c(16), ADD, ...set(P),
  ...get(K), ...i32c(16), ADD, ...set(K),
  BR, 3,
  ENDOP,
  ...get(D), ...get(J), ...i32c(2), SHL, ADD, ...i32c(4), SUB, 0x28, 2, 0, ...tee(BASE), ...simd(0x11), ...set(CARRY),
  ...get(P), ...get(J), ADD, ...set(P),
  ...get(K), ...get(J), ADD, ...tee(K), ...i32c(1), ADD, ...set(STOP),
  ELSE,
  ...get(K), ...get(J), ADD, ...i32c(1), ADD, ...set(STOP),
  ENDOP,
  ENDOP,
];

const need = (bytes: number, depthToTrunc: number) => [...get(P), ...i32c(bytes), ADD, ...get(END), GT_U, BR_IF, depthToTrunc + 1];

/**
 * One element through the escapes, inside the scalar loop ($S = depth 0, $L = 1, trunc = 2, done = 3);
 * loops while k < stop, so a window that failed the SIMD test is not re-tested element by element.
 */
const scalarPath = [
  ...get(K), ...get(N), GE_U, BR_IF, 3,
  ...get(P), ...get(END), GE_U, BR_IF, 2,
  ...get(P), 0x2c, 0, 0, ...tee(D), ...i32c(-128), NE,
  IF, VOID,
  ...get(P), ...i32c(1), ADD, ...set(P),
  ELSE,
  ...need(3, 2),
  ...get(P), 0x2e, 0, 1, ...tee(D), ...i32c(-32768), NE,
  IF, VOID,
  ...get(P), ...i32c(3), ADD, ...set(P),
  ELSE,
  ...need(7, 3),
  ...get(P), 0x28, 0, 3, ...tee(D), ...i32c(-2147483648), NE,
  IF, VOID,
  ...get(P), ...i32c(7), ADD, ...set(P),
  ELSE,
  ...need(15, 4),
  ...get(P), 0x28, 0, 7, ...set(D),
  ...get(P), ...i32c(15), ADD, ...set(P),
  ENDOP,
  ENDOP,
  ENDOP,
  ...get(BASE), ...get(D), ADD, ...set(BASE),
  ...get(DST), ...get(K), ...i32c(2), SHL, ADD, ...get(BASE), 0x36, 2, 0,
  ...get(BASE), ...simd(0x11), ...set(CARRY),
  ...get(K), ...i32c(1), ADD, ...tee(K), ...get(STOP), 0x48, BR_IF, 0,
];

const body = [
  2, 7, 0x7f, 5, 0x7b,
  ...get(SRC), ...set(P),
  ...get(SRC), ...get(LEN), ADD, ...set(END),
  BLOCK, VOID,
  BLOCK, VOID,
  LOOP, VOID,
  ...get(K), ...get(N), GE_U, BR_IF, 2,
  ...fastPath,
  LOOP, VOID,
  ...scalarPath,
  ENDOP,
  BR, 0,
  ENDOP,
  ENDOP,
  ...i32c(-1), RETURN,
  ENDOP,
  ...get(P), ...get(SRC), SUB,
  ENDOP,
];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0x00, 1]),
  ...section(7, [2, ...name('decode'), 0x00, 0, ...name('memory'), 0x02, 0]),
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

interface Exports {
  readonly decode: (src: number, len: number, dst: number, n: number) => number;
  readonly memory: WebAssembly.Memory;
}

let exportsCache: Exports | null | undefined;

function instance(): Exports | null {
  if (exportsCache === undefined) {
    try {
      exportsCache = new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports as unknown as Exports;
    } catch {
      exportsCache = null;
    }
  }
  return exportsCache;
}

/** Whether the SIMD decoder runs here. */
export function wasmDecoderAvailable(): boolean {
  return instance() !== null;
}

/**
 * Decodes n int32 elements with the WebAssembly decoder. Returns null where WebAssembly SIMD is unavailable
 * or the payload is truncated (the caller then uses the JS decoder, which reports where it stopped).
 * With `view`, the values are a view on the module's memory, valid until the next call in this thread: no
 * copy and no fresh pages to fault in (a frame stream decodes and integrates one frame at a time).
 */
export function decodeByteOffsetInt32Wasm(src: Uint8Array, n: number, view = false): ByteOffsetResult<Int32Array> | null {
  const w = instance();
  if (!w) return null;
  const dst = (src.length + 15) & ~15;
  const bytes = dst + 4 * n;
  const have = w.memory.buffer.byteLength;
  if (bytes > have) w.memory.grow(Math.ceil((bytes - have) / 65536));
  new Uint8Array(w.memory.buffer, 0, src.length).set(src);
  const consumed = w.decode(0, src.length, dst, n);
  if (consumed < 0) return null;
  const values = new Int32Array(w.memory.buffer, dst, n);
  return { ok: true, values: view ? values : values.slice(), consumed };
}
