/**
 * CBF byte-offset codec (CBFlib "x-CBF_BYTE_OFFSET"): each element is stored as the difference from the
 * previous one, in 1 byte, or escaped (0x80) to a little-endian int16, escaped again (0x0080) to an int32,
 * and again (0x00000080) to an int64. The first difference is taken from 0.
 *
 * Pure functions on typed arrays. Decoding never reads past `src` and reports where it stopped, so a caller
 * can tell a truncated payload from one longer than declared.
 */

export type ByteOffsetResult<T> =
  | { readonly ok: true; readonly values: T; readonly consumed: number }
  | { readonly ok: false; readonly problem: string; readonly decoded: number };

const truncated = (k: number, n: number, p: number) => ({
  ok: false as const,
  problem: `payload truncated: ran out of bytes at element ${k} of ${n} (byte ${p})`,
  decoded: k,
});

/**
 * The fast path: n elements into an Int32Array, sums wrapping modulo 2^32 exactly as fabio's `dec_cbf32`
 * (whose encoder wraps too). A 64-bit escape is honoured (its low 32 bits are the wrapped delta).
 */
export function decodeByteOffsetInt32(src: Uint8Array, n: number, out?: Int32Array): ByteOffsetResult<Int32Array> {
  const values = out ?? new Int32Array(n);
  const state = new Int32Array(3);
  decodeBulk(src, n, values, state);
  let base = state[0];
  let p = state[1];
  let k = state[2];
  // The last few elements (within 15 bytes of the end), with full bounds checks.
  while (k < n) {
    const step = readDelta(src, p);
    if (step === null) return truncated(k, n, p);
    base = (base + Number(BigInt.asIntN(32, step.d))) | 0;
    p += step.size;
    values[k++] = base;
  }
  return { ok: true, values, consumed: p };
}

/**
 * The hot loop, kept free of BigInt and bounds checks (V8 optimises it better): stops 15 bytes before the
 * end of src, where any escape still fits. Leaves [base, position, elements decoded] in `state`.
 */
function decodeBulk(src: Uint8Array, n: number, values: Int32Array, state: Int32Array): void {
  const s8 = new Int8Array(src.buffer, src.byteOffset, src.length);
  const safeEnd = src.length - 15;
  let base = 0;
  let p = 0;
  let k = 0;
  while (k < n && p < safeEnd) {
    const d = s8[p];
    if (d !== -128) {
      base = (base + d) | 0;
      p++;
    } else {
      const s = src[p + 1] | (src[p + 2] << 8);
      if (s !== 0x8000) {
        base = (base + ((s << 16) >> 16)) | 0;
        p += 3;
      } else {
        const w = src[p + 3] | (src[p + 4] << 8) | (src[p + 5] << 16) | (src[p + 6] << 24);
        if (w !== -0x80000000) {
          base = (base + w) | 0;
          p += 7;
        } else {
          base = (base + (src[p + 7] | (src[p + 8] << 8) | (src[p + 9] << 16) | (src[p + 10] << 24))) | 0;
          p += 15;
        }
      }
    }
    values[k++] = base;
  }
  state[0] = base;
  state[1] = p;
  state[2] = k;
}

/** One delta with full bounds checks (the tail of a payload and the generic paths). */
function readDelta(src: Uint8Array, p: number): { d: bigint; size: number } | null {
  const len = src.length;
  if (p >= len) return null;
  const b = src[p];
  if (b !== 0x80) return { d: BigInt((b << 24) >> 24), size: 1 };
  if (p + 3 > len) return null;
  const s = src[p + 1] | (src[p + 2] << 8);
  if (s !== 0x8000) return { d: BigInt((s << 16) >> 16), size: 3 };
  if (p + 7 > len) return null;
  const w = src[p + 3] | (src[p + 4] << 8) | (src[p + 5] << 16) | (src[p + 6] << 24);
  if (w !== -0x80000000) return { d: BigInt(w), size: 7 };
  if (p + 15 > len) return null;
  const lo = BigInt((src[p + 7] | (src[p + 8] << 8) | (src[p + 9] << 16) | (src[p + 10] << 24)) >>> 0);
  const hi = BigInt(src[p + 11] | (src[p + 12] << 8) | (src[p + 13] << 16) | (src[p + 14] << 24));
  return { d: (hi << 32n) | lo, size: 15 };
}

/**
 * Generic path: n elements as BigInt sums (wrapping modulo 2^64); the caller casts to the element type, which
 * wraps like fabio's numpy cast does.
 */
export function decodeByteOffsetBig(src: Uint8Array, n: number): ByteOffsetResult<BigInt64Array> {
  const values = new BigInt64Array(n);
  let base = 0n;
  let p = 0;
  for (let k = 0; k < n; k++) {
    const step = readDelta(src, p);
    if (step === null) return truncated(k, n, p);
    base = BigInt.asIntN(64, base + step.d);
    p += step.size;
    values[k] = base;
  }
  return { ok: true, values, consumed: p };
}

/** Bytes needed to encode one delta. */
function widthOf(d: bigint): 1 | 3 | 7 | 15 {
  if (d >= -127n && d <= 127n) return 1;
  if (d >= -32767n && d <= 32767n) return 3;
  if (d >= -2147483647n && d <= 2147483647n) return 7;
  return 15;
}

/**
 * Encodes integers. With `wrap32` (the default for 32-bit element types, as fabio writes them) deltas wrap
 * modulo 2^32, so an int32 frame never needs the 64-bit escape and fabio's int32 decoder reads it back.
 */
export function encodeByteOffset(values: ArrayLike<number> | BigInt64Array | BigUint64Array, wrap32 = false): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n * 15 + 16);
  const view = new DataView(out.buffer);
  let p = 0;
  let prev = 0n;
  let prevNum = 0;
  const isBig = values instanceof BigInt64Array || values instanceof BigUint64Array;
  for (let k = 0; k < n; k++) {
    let d: bigint;
    if (isBig) {
      const v = BigInt.asIntN(64, (values as BigInt64Array)[k]);
      d = BigInt.asIntN(64, v - prev);
      prev = v;
    } else {
      const v = (values as ArrayLike<number>)[k];
      const dn = wrap32 ? (v - prevNum) | 0 : v - prevNum;
      prevNum = v;
      if (dn >= -127 && dn <= 127) {
        out[p++] = dn & 0xff;
        continue;
      }
      d = BigInt(dn);
    }
    const width = widthOf(d);
    if (width === 1) {
      out[p++] = Number(d) & 0xff;
      continue;
    }
    out[p++] = 0x80;
    if (width === 3) {
      view.setInt16(p, Number(d), true);
      p += 2;
      continue;
    }
    out[p++] = 0x00;
    out[p++] = 0x80;
    if (width === 7) {
      view.setInt32(p, Number(d), true);
      p += 4;
      continue;
    }
    view.setInt32(p, -0x80000000, true);
    view.setBigInt64(p + 4, d, true);
    p += 12;
  }
  return out.slice(0, p);
}
