/**
 * One NodeData as one binary payload (what a Redis key holds): a msgpack header describing each field, then
 * the raw little-endian array bytes, each aligned to 8. decode(encode(x)) equals x bit for bit, array types
 * included; numbers travel as float64 so NaN and -0 survive. (Own codec: the pool's pack.ts was not yet
 * committed when this was written, and a payload here is one item, not a batch.)
 */
import { decode, encode } from '@msgpack/msgpack';
import type { ArrayValue, NodeData, NumArray } from '../graph/types.ts';
import { isImage2D, isNumArray } from '../graph/types.ts';

type Tag = 'f64' | 'f32' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8';

type Field =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'arr'; readonly a: Tag; readonly o: number; readonly n: number }
  | { readonly t: 'img'; readonly a: Tag; readonly o: number; readonly rows: number; readonly cols: number };

type Ctor = { new (buffer: ArrayBuffer, byteOffset: number, length: number): NumArray; readonly BYTES_PER_ELEMENT: number };

const ctors: Record<Tag, Ctor> = {
  f64: Float64Array, f32: Float32Array, i32: Int32Array, u32: Uint32Array,
  i16: Int16Array, u16: Uint16Array, i8: Int8Array, u8: Uint8Array,
};

const MAGIC = 0x444e4642; // 'BFND' little-endian
const align8 = (n: number): number => (n + 7) & ~7;

function tagOf(a: NumArray): Tag {
  for (const [tag, c] of Object.entries(ctors) as [Tag, Ctor][]) if (a instanceof (c as unknown as typeof Float64Array)) return tag;
  throw new Error('payload: unsupported array type');
}

/** Packs one NodeData: [magic u32][header length u32][msgpack header][pad to 8][array bytes]. */
export function encodePayload(data: NodeData): Uint8Array {
  const fields: Record<string, Field> = {};
  const arrays: NumArray[] = [];
  let off = 0;
  for (const [name, v] of Object.entries(data)) {
    if (typeof v === 'number') {
      fields[name] = { t: 'num', v };
      continue;
    }
    const a = isImage2D(v) ? v.data : v;
    if (!isNumArray(a)) throw new Error(`payload: field '${name}' is not a number, typed array or image`);
    off = align8(off);
    fields[name] = isImage2D(v) ? { t: 'img', a: tagOf(a), o: off, rows: v.rows, cols: v.cols } : { t: 'arr', a: tagOf(a), o: off, n: a.length };
    arrays.push(a);
    off += a.byteLength;
  }
  const header = encode(fields, { forceIntegerToFloat: true });
  const start = align8(8 + header.byteLength);
  const out = new Uint8Array(start + align8(off));
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.byteLength, true);
  out.set(header, 8);
  let i = 0;
  for (const f of Object.values(fields)) {
    if (f.t === 'num') continue;
    const a = arrays[i++];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + f.o);
  }
  return out;
}

/** Unpacks a payload into fresh arrays (one copy of the bytes, so the caller's buffer may be reused). */
export function decodePayload(bytes: Uint8Array): NodeData {
  if (bytes.byteLength < 8) throw new Error(`payload: ${bytes.byteLength} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('payload: bad magic (not a beamflow payload)');
  const hlen = view.getUint32(4, true);
  const start = align8(8 + hlen);
  if (start > bytes.byteLength) throw new Error('payload: truncated header');
  const fields = decode(bytes.subarray(8, 8 + hlen)) as Record<string, Field>;
  // Uint8Array's slice copies (Buffer's would not): one aligned copy that the arrays own.
  const body = Uint8Array.prototype.slice.call(bytes, start).buffer;
  const out: Record<string, ArrayValue> = {};
  for (const [name, f] of Object.entries(fields)) {
    if (f.t === 'num') {
      out[name] = f.v;
      continue;
    }
    const c = ctors[f.a];
    const n = f.t === 'arr' ? f.n : f.rows * f.cols;
    if (!c || f.o + n * c.BYTES_PER_ELEMENT > body.byteLength) throw new Error(`payload: field '${name}' runs past the end`);
    const arr = new c(body, f.o, n);
    out[name] = f.t === 'arr' ? arr : { kind: 'image', rows: f.rows, cols: f.cols, data: arr };
  }
  return out;
}

/** Bytes a NodeData will take on the wire (arrays only; the header is small). */
export function payloadBytes(data: NodeData): number {
  let n = 0;
  for (const v of Object.values(data)) {
    if (typeof v === 'number') n += 8;
    else n += (isImage2D(v) ? v.data : v).byteLength;
  }
  return n;
}
