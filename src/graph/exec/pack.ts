/**
 * Packs many NodeData values into one ArrayBuffer plus a small JSON-able header, so a batch crosses a thread
 * (or a socket) as one transferable buffer instead of thousands of cloned arrays. unpack(pack(x)) equals x,
 * array types included; unpacked arrays are views into the one buffer.
 */
import type { ArrayValue, NodeData, NumArray } from '../types.ts';
import { isImage2D } from '../types.ts';

export type ArrayTag = 'f64' | 'f32' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8';

export type FieldHeader =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'arr'; readonly a: ArrayTag; readonly o: number; readonly n: number }
  | { readonly t: 'img'; readonly a: ArrayTag; readonly o: number; readonly rows: number; readonly cols: number };

export type DataHeader = Readonly<Record<string, FieldHeader>>;

export interface Packed {
  readonly headers: readonly DataHeader[];
  readonly buffer: ArrayBuffer;
}

type Ctor = { new (buffer: ArrayBuffer, byteOffset: number, length: number): NumArray; readonly BYTES_PER_ELEMENT: number };

/** Constructor of each array type tag. */
export const arrayCtors: Readonly<Record<ArrayTag, Ctor>> = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
};

/** The tag naming a typed array's element type (what crosses a thread, socket or file). */
export function arrayTag(a: NumArray): ArrayTag {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int16Array) return 'i16';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Int8Array) return 'i8';
  return 'u8';
}

const align8 = (n: number): number => (n + 7) & ~7;

export function pack(list: readonly NodeData[]): Packed {
  let size = 0;
  for (const d of list) for (const v of Object.values(d)) {
    if (typeof v === 'number') continue;
    const a = isImage2D(v) ? v.data : v;
    size = align8(size) + a.byteLength;
  }
  const buffer = new ArrayBuffer(align8(size));
  const bytes = new Uint8Array(buffer);
  let off = 0;
  const headers = list.map((d) => {
    const h: Record<string, FieldHeader> = {};
    for (const [k, v] of Object.entries(d)) {
      if (typeof v === 'number') {
        h[k] = { t: 'num', v };
        continue;
      }
      const a = isImage2D(v) ? v.data : v;
      off = align8(off);
      bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
      const tag = arrayTag(a);
      h[k] = isImage2D(v) ? { t: 'img', a: tag, o: off, rows: v.rows, cols: v.cols } : { t: 'arr', a: tag, o: off, n: a.length };
      off += a.byteLength;
    }
    return h;
  });
  return { headers, buffer };
}

export function unpack(p: Packed): NodeData[] {
  return p.headers.map((h) => {
    const d: Record<string, ArrayValue> = {};
    for (const [k, f] of Object.entries(h)) {
      if (f.t === 'num') d[k] = f.v;
      else if (f.t === 'arr') d[k] = new arrayCtors[f.a](p.buffer, f.o, f.n);
      else d[k] = { kind: 'image', rows: f.rows, cols: f.cols, data: new arrayCtors[f.a](p.buffer, f.o, f.rows * f.cols) };
    }
    return d;
  });
}
