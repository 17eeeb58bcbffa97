/**
 * The byte-offset int32 decoder as a small WebAssembly SIMD module, assembled here from its opcodes (no
 * toolchain needed). Each step loads 16 payload bytes at an element boundary:
 * - no 0x80 among them: 16 one-byte deltas, sign-extended and prefix-summed in registers, 16 pixels stored;
 * - otherwise (1-byte deltas mixed with 16-bit escapes): the mask of the 0x80 bytes picks, in a 4096-entry
 *   table (cbf-byte-offset-table.ts), two swizzles that gather the next 4 to 8 deltas as int16 lanes, how
 *   many elements that is and how many bytes they take; the lanes are prefix-summed and 8 pixels stored
 *   (the unused lanes add 0, the next step overwrites them);
 * - 32-bit and 64-bit escapes (an int16 lane of -32768) and the last bytes and pixels go through a scalar
 *   path with bounds checks.
 * Same results as decodeByteOffsetInt32 (sums wrap modulo 2^32, as fabio). Where WebAssembly SIMD is
 * missing, callers fall back to the JS decoder.
 */
import type { ByteOffsetResult } from './cbf-byte-offset.ts';
import { buildMixedStepTable, MIXED_MASK_BITS, SWIZZLE_ENTRY } from './cbf-byte-offset-table.ts';
import { WasmArena } from '../kernels/xrd/wasm-arena.ts';
import { I32, V128, importingModule, op, uleb } from '../kernels/xrd/wasm-asm.ts';

// The table (at `tab`, a parameter): 4096 swizzle pairs, then 4096 steps.
const TABLE_ENTRIES = 1 << MIXED_MASK_BITS;
const STEPS = TABLE_ENTRIES * SWIZZLE_ENTRY;
const TABLE_BYTES = STEPS + TABLE_ENTRIES * 2;

// Params src=0, len=1, dst=2, n=3, tab=4; i32 p=5, end=6, k=7, base=8, d=9, stop=10, m=11, s=12;
// v128 v=13, carry=14, t=15, a=16, lo=17, hi=18.
const [SRC, LEN, DST, N, TAB, P, END, K, BASE, D, STOP, M, S, V, CARRY, T, A, LO, HI] = Array.from({ length: 19 }, (_, i) => i);
const { get, set, tee, i32, simd } = op;
const ADD = 0x6a, SUB = 0x6b, SHL = 0x74, SHR_U = 0x76, AND = 0x71, NE = 0x47, LT_S = 0x48, GT_U = 0x4b, GE_U = 0x4f, EQZ = 0x45;
const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, ENDOP = 0x0b, BR = 0x0c, BR_IF = 0x0d, RETURN = 0x0f, VOID = 0x40;
const v128const = (bytes: number[]) => simd(0x0c, ...bytes);
const shuffle = (lanes: number[]) => simd(0x0d, ...lanes);
const V128_LOAD = (offset: number) => simd(0x00, 0, ...uleb(offset));
const V128_STORE = (offset: number) => simd(0x0b, 0, ...uleb(offset));
const SWIZZLE = simd(0x0e), I8X16_EQ = simd(0x23), I16X8_EQ = simd(0x2d), V128_OR = simd(0x50), ANY_TRUE = simd(0x53);
const BITMASK = simd(0x64), I8X16_LT_S = simd(0x25), I32X4_ADD = simd(0xae), I32X4_SPLAT = simd(0x11), LANE0 = simd(0x1b, 0);
const I16_FROM_I8_LO = simd(0x87), I16_FROM_I8_HI = simd(0x88), I32_FROM_I16_LO = simd(0xa7), I32_FROM_I16_HI = simd(0xa8);
// (zero, x) → x moved up by 4 or 8 bytes, zeros shifted in: a run of consecutive bytes of the pair (one palignr).
const SHIFT1 = Array.from({ length: 16 }, (_, i) => 12 + i);
const SHIFT2 = Array.from({ length: 16 }, (_, i) => 8 + i);
const LANE3 = [12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15];
const ZERO = new Array<number>(16).fill(0);

/** t ← inclusive prefix sum of the i32x4 on the stack, plus carry; store at d + offset; carry ← t[3] broadcast. */
const prefixStore = (offset: number) => [
  ...set(T),
  ...get(T), ...v128const(ZERO), ...get(T), ...shuffle(SHIFT1), ...I32X4_ADD, ...set(T),
  ...get(T), ...v128const(ZERO), ...get(T), ...shuffle(SHIFT2), ...I32X4_ADD,
  ...get(CARRY), ...I32X4_ADD, ...set(T),
  ...get(D), ...get(T), ...V128_STORE(offset),
  ...get(T), ...get(T), ...shuffle(LANE3), ...set(CARRY),
];

/** d ← dst + 4k. */
const pixelAddress = [...get(DST), ...get(K), ...i32(2), SHL, ADD, ...set(D)];

/**
 * The vector loop ($vec = depth 0 inside $scalar = 1). Leaves for the scalar path with stop = n near the
 * end of the payload or the pixels, stop = k + 8 on a 32-bit escape.
 */
const vectorLoop = [
  BLOCK, VOID,
  LOOP, VOID,
  ...get(N), ...set(STOP),
  ...get(P), ...i32(16), ADD, ...get(END), GT_U, BR_IF, 1,
  ...get(K), ...i32(16), ADD, ...get(N), GT_U, BR_IF, 1,
  ...get(P), ...V128_LOAD(0), ...tee(V), ...v128const(new Array<number>(16).fill(0x80)), ...I8X16_EQ, ...BITMASK, ...tee(M), EQZ,
  IF, VOID,
  ...pixelAddress,
  ...get(V), ...I16_FROM_I8_LO, ...set(LO),
  ...get(V), ...I16_FROM_I8_HI, ...set(HI),
  ...get(LO), ...I32_FROM_I16_LO, ...prefixStore(0),
  ...get(LO), ...I32_FROM_I16_HI, ...prefixStore(16),
  ...get(HI), ...I32_FROM_I16_LO, ...prefixStore(32),
  ...get(HI), ...I32_FROM_I16_HI, ...prefixStore(48),
  ...get(P), ...i32(16), ADD, ...set(P),
  ...get(K), ...i32(16), ADD, ...set(K),
  BR, 1,
  ENDOP,
  ...get(M), ...i32(TABLE_ENTRIES - 1), AND, ...tee(M), ...i32(5), SHL, ...get(TAB), ADD, ...set(S),
  ...get(V), ...get(S), ...V128_LOAD(0), ...SWIZZLE,
  ...get(V), ...v128const(ZERO), ...I8X16_LT_S, ...get(S), ...V128_LOAD(16), ...SWIZZLE,
  ...V128_OR, ...tee(A),
  ...v128const([0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80]), ...I16X8_EQ, ...ANY_TRUE,
  IF, VOID,
  ...get(K), ...i32(8), ADD, ...set(STOP),
  BR, 2,
  ENDOP,
  ...pixelAddress,
  ...get(A), ...I32_FROM_I16_LO, ...prefixStore(0),
  ...get(A), ...I32_FROM_I16_HI, ...prefixStore(16),
  ...get(M), ...i32(1), SHL, ...get(TAB), ADD, 0x2f, 1, ...uleb(STEPS), ...tee(S),
  ...i32(0xff), AND, ...get(P), ADD, ...set(P),
  ...get(S), ...i32(8), SHR_U, ...get(K), ADD, ...set(K),
  BR, 0,
  ENDOP,
  ENDOP,
];

const need = (bytes: number, depthToTrunc: number) => [...get(P), ...i32(bytes), ADD, ...get(END), GT_U, BR_IF, depthToTrunc + 1];

/**
 * One element through the escapes, inside the scalar loop ($S = depth 0, $outer = 1, trunc = 2, done = 3);
 * loops while k < stop.
 */
const scalarLoop = [
  LOOP, VOID,
  ...get(K), ...get(N), GE_U, BR_IF, 3,
  ...get(P), ...get(END), GE_U, BR_IF, 2,
  ...get(P), 0x2c, 0, 0, ...tee(D), ...i32(-128), NE,
  IF, VOID,
  ...get(P), ...i32(1), ADD, ...set(P),
  ELSE,
  ...need(3, 2),
  ...get(P), 0x2e, 0, 1, ...tee(D), ...i32(-32768), NE,
  IF, VOID,
  ...get(P), ...i32(3), ADD, ...set(P),
  ELSE,
  ...need(7, 3),
  ...get(P), 0x28, 0, 3, ...tee(D), ...i32(-2147483648), NE,
  IF, VOID,
  ...get(P), ...i32(7), ADD, ...set(P),
  ELSE,
  ...need(15, 4),
  ...get(P), 0x28, 0, 7, ...set(D),
  ...get(P), ...i32(15), ADD, ...set(P),
  ENDOP,
  ENDOP,
  ENDOP,
  ...get(BASE), ...get(D), ADD, ...set(BASE),
  ...get(DST), ...get(K), ...i32(2), SHL, ADD, ...get(BASE), 0x36, 2, 0,
  ...get(K), ...i32(1), ADD, ...tee(K), ...get(STOP), LT_S, BR_IF, 0,
  ENDOP,
];

const code = [
  ...get(SRC), ...set(P),
  ...get(SRC), ...get(LEN), ADD, ...set(END),
  BLOCK, VOID,
  BLOCK, VOID,
  LOOP, VOID,
  ...vectorLoop,
  ...get(CARRY), ...LANE0, ...set(BASE),
  ...scalarLoop,
  ...get(BASE), ...I32X4_SPLAT, ...set(CARRY),
  BR, 0,
  ENDOP,
  ENDOP,
  ...i32(-1), RETURN,
  ENDOP,
  ...get(P), ...get(SRC), SUB,
];

const LOCALS: [number, number][] = [[8, I32], [6, V128]];
const MODULES = { local: importingModule('decode', 5, I32, LOCALS, code, false), shared: importingModule('decode', 5, I32, LOCALS, code, true) };
const compiled: { local?: WebAssembly.Module; shared?: WebAssembly.Module } = {};

export interface WasmDecoder {
  readonly arena: WasmArena;
  /**
   * Decodes n int32 elements from the arena's bytes [src, src + len) to dst (4n bytes, 16-byte aligned
   * helps); returns the bytes consumed, or -1 when the payload ends first.
   */
  decodeAt(src: number, len: number, dst: number, n: number): number;
}

/** A decoder working in the given arena (its table is written there once), or null without WebAssembly SIMD. */
export function wasmDecoderIn(arena: WasmArena): WasmDecoder | null {
  try {
    const kind = arena.shared ? 'shared' : 'local';
    const module = (compiled[kind] ??= new WebAssembly.Module(MODULES[kind] as Uint8Array<ArrayBuffer>));
    const decode = (new WebAssembly.Instance(module, { env: { memory: arena.memory } }).exports as unknown as { decode: (src: number, len: number, dst: number, n: number, tab: number) => number }).decode;
    const tab = arena.alloc(TABLE_BYTES);
    const table = buildMixedStepTable();
    arena.u8(tab, table.swizzles.length).set(table.swizzles);
    arena.u8(tab + STEPS, 2 * TABLE_ENTRIES).set(new Uint8Array(table.steps.buffer));
    return { arena, decodeAt: (src, len, dst, n) => decode(src, len, dst, n, tab) };
  } catch {
    return null;
  }
}

/** This thread's decoder for payloads given as bytes: its own arena, with a payload and a pixel region. */
let local: { decoder: WasmDecoder; src: number; srcBytes: number; dst: number; dstBytes: number } | null | undefined;

function localDecoder(srcBytes: number, dstBytes: number): NonNullable<typeof local> | null {
  if (local === undefined) {
    const decoder = wasmDecoderIn(WasmArena.local());
    local = decoder && { decoder, src: 0, srcBytes: 0, dst: 0, dstBytes: 0 };
  }
  if (!local) return null;
  // Regions are replaced by larger ones when needed (the old ones stay unused: frames rarely grow).
  if (local.srcBytes < srcBytes) {
    local.srcBytes = Math.ceil(srcBytes * 1.25);
    local.src = local.decoder.arena.alloc(local.srcBytes);
  }
  if (local.dstBytes < dstBytes) {
    local.dstBytes = dstBytes;
    local.dst = local.decoder.arena.alloc(dstBytes);
  }
  return local;
}

/** Whether the SIMD decoder runs here. */
export function wasmDecoderAvailable(): boolean {
  return localDecoder(0, 0) !== null;
}

/**
 * Decodes n int32 elements with the WebAssembly decoder. Returns null where WebAssembly SIMD is unavailable
 * or the payload is truncated (the caller then uses the JS decoder, which reports where it stopped).
 * With `view`, the values are a view on the decoder's memory, valid until the next call in this thread: no
 * copy and no fresh pages to fault in (a frame stream decodes and integrates one frame at a time).
 */
export function decodeByteOffsetInt32Wasm(src: Uint8Array, n: number, view = false): ByteOffsetResult<Int32Array> | null {
  const l = localDecoder(src.length, 4 * n);
  if (!l) return null;
  const arena = l.decoder.arena;
  arena.u8(l.src, src.length).set(src);
  const consumed = l.decoder.decodeAt(l.src, src.length, l.dst, n);
  if (consumed < 0) return null;
  const values = new Int32Array(arena.memory.buffer, l.dst, n);
  return { ok: true, values: view ? values : values.slice(), consumed };
}
