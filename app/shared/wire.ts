/**
 * Binary frames for node outputs: only the items that changed since the last frame for that node. Layout:
 * 4 bytes header length (little endian), the header as UTF-8 JSON, padding to 8 bytes, then the arrays'
 * bytes one after another, each aligned to 8. Runs in Node and in the browser (no Node APIs).
 */
import type { ArrayValue, NodeData, NumArray } from '../../src/graph/types.ts';
import { isImage2D, isNumArray } from '../../src/graph/types.ts';
import { arrayCtors, arrayTag, type ArrayTag } from '../../src/graph/exec/pack.ts';

export type DType = ArrayTag;

type ArrayRef =
  | { readonly name: string; readonly kind: '1d'; readonly dtype: DType; readonly offset: number; readonly length: number }
  | { readonly name: string; readonly kind: '2d'; readonly dtype: DType; readonly offset: number; readonly rows: number; readonly cols: number }
  | { readonly name: string; readonly kind: 'scalar'; readonly value: number | null };

export type ItemChange =
  | { readonly id: string; readonly status: 'ok'; readonly version: number; readonly data: NodeData }
  | { readonly id: string; readonly status: 'failed'; readonly version: number; readonly error: string }
  | { readonly id: string; readonly status: 'pending'; readonly version: number };

export interface NodeFrame {
  readonly node: string;
  /**
   * Item ids present at the node, in document order (lets the page drop removed items). Absent when the
   * order is the previous frame's, or that order followed by `appended` (items arriving: a frame then costs
   * its new ids, not every id at the node).
   */
  readonly order?: readonly string[];
  readonly appended?: readonly string[];
  readonly changes: readonly ItemChange[];
}

type HeaderChange =
  | { readonly id: string; readonly status: 'ok'; readonly version: number; readonly arrays: readonly ArrayRef[] }
  | Exclude<ItemChange, { status: 'ok' }>;

interface Header {
  readonly node: string;
  readonly order?: readonly string[];
  readonly appended?: readonly string[];
  readonly changes: readonly HeaderChange[];
}

const CTORS = arrayCtors;
const dtypeOf = arrayTag;

const align8 = (n: number) => (n + 7) & ~7;

export function encodeNodeFrame(f: NodeFrame): Uint8Array {
  const chunks: NumArray[] = [];
  let offset = 0;
  const place = (a: NumArray): number => {
    const at = offset;
    chunks.push(a);
    offset = align8(offset + a.byteLength);
    return at;
  };
  const changes: HeaderChange[] = f.changes.map((c) => {
    if (c.status !== 'ok') return c;
    const arrays: ArrayRef[] = [];
    for (const [name, v] of Object.entries(c.data) as [string, ArrayValue][]) {
      if (typeof v === 'number') arrays.push({ name, kind: 'scalar', value: Number.isFinite(v) ? v : null });
      else if (isImage2D(v)) arrays.push({ name, kind: '2d', dtype: dtypeOf(v.data), offset: place(v.data), rows: v.rows, cols: v.cols });
      else if (isNumArray(v)) arrays.push({ name, kind: '1d', dtype: dtypeOf(v), offset: place(v), length: v.length });
    }
    return { id: c.id, status: 'ok', version: c.version, arrays };
  });
  const header: Header = { node: f.node, ...(f.order ? { order: f.order } : {}), ...(f.appended ? { appended: f.appended } : {}), changes };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const base = align8(4 + json.length);
  const out = new Uint8Array(base + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let at = base;
  for (const a of chunks) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align8(at + a.byteLength);
  }
  return out;
}

/** Decodes a frame; arrays are views on (an aligned copy of) the message, never re-parsed text. */
export function decodeNodeFrame(bytes: Uint8Array): NodeFrame {
  if (bytes.length < 4) throw new Error('node frame: too short');
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + len > bytes.length) throw new Error('node frame: header runs past the end');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + len))) as Header;
  const base = align8(4 + len);
  // Typed arrays need aligned offsets: copy once if the message does not start on an 8-byte boundary.
  const buf = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = (dtype: DType, offset: number, length: number): NumArray => {
    const C = CTORS[dtype];
    const start = buf.byteOffset + base + offset;
    if (start + length * C.BYTES_PER_ELEMENT > buf.byteOffset + buf.byteLength) throw new Error('node frame: array runs past the end');
    return new C(buf.buffer as ArrayBuffer, start, length);
  };
  const changes: ItemChange[] = header.changes.map((c) => {
    if (c.status !== 'ok') return c;
    const data: Record<string, ArrayValue> = {};
    for (const a of c.arrays) {
      if (a.kind === 'scalar') data[a.name] = a.value ?? NaN;
      else if (a.kind === '1d') data[a.name] = view(a.dtype, a.offset, a.length);
      else data[a.name] = { kind: 'image', rows: a.rows, cols: a.cols, data: view(a.dtype, a.offset, a.rows * a.cols) };
    }
    return { id: c.id, status: 'ok', version: c.version, data };
  });
  return { node: header.node, ...(header.order ? { order: header.order } : {}), ...(header.appended ? { appended: header.appended } : {}), changes };
}
