/**
 * NumPy .npy files (format versions 1-3), as written by ophyd's simulated detectors (spec NPY_SEQ).
 * Pure: bytes in, typed array (or Image2D for 2D) out. 64-bit integers become Float64Array.
 */
import type { ArrayValue, NumArray } from '../graph/types.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Header {
  readonly descr: string;
  readonly fortran: boolean;
  readonly shape: readonly number[];
}

function parseHeader(text: string): Header | string {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) return `header lacks descr, fortran_order or shape: ${text.trim()}`;
  const dims = shape.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) return `bad shape (${shape})`;
  return { descr, fortran: fortran === 'True', shape: dims };
}

type Reader = { readonly size: number; readonly make: (n: number) => NumArray; readonly get: (v: DataView, o: number, le: boolean) => number };
const TYPES: Readonly<Record<string, Reader>> = {
  f8: { size: 8, make: (n) => new Float64Array(n), get: (v, o, le) => v.getFloat64(o, le) },
  f4: { size: 4, make: (n) => new Float32Array(n), get: (v, o, le) => v.getFloat32(o, le) },
  i8: { size: 8, make: (n) => new Float64Array(n), get: (v, o, le) => Number(v.getBigInt64(o, le)) },
  u8: { size: 8, make: (n) => new Float64Array(n), get: (v, o, le) => Number(v.getBigUint64(o, le)) },
  i4: { size: 4, make: (n) => new Int32Array(n), get: (v, o, le) => v.getInt32(o, le) },
  u4: { size: 4, make: (n) => new Uint32Array(n), get: (v, o, le) => v.getUint32(o, le) },
  i2: { size: 2, make: (n) => new Int16Array(n), get: (v, o, le) => v.getInt16(o, le) },
  u2: { size: 2, make: (n) => new Uint16Array(n), get: (v, o, le) => v.getUint16(o, le) },
  i1: { size: 1, make: (n) => new Int8Array(n), get: (v, o) => v.getInt8(o) },
  u1: { size: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o) },
  b1: { size: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o) },
};

/** Decodes a .npy file; throws an Error whose message says what is wrong (the caller adds the file name). */
export function decodeNpy(bytes: Uint8Array): ArrayValue {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a .npy file (bad magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new Error('truncated header');
  const header = parseHeader(new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen)));
  if (typeof header === 'string') throw new Error(header);
  const order = header.descr[0];
  const type = TYPES[header.descr.slice(1)];
  if (!type || !'<>|='.includes(order)) throw new Error(`unsupported dtype '${header.descr}'`);
  const le = order !== '>';
  const n = header.shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (offset + n * type.size > bytes.length) throw new Error(`truncated data: ${n} values of ${type.size} bytes expected, ${bytes.length - offset} bytes present`);
  const out = type.make(n);
  for (let i = 0; i < n; i++) out[i] = type.get(view, offset + i * type.size, le);
  if (header.shape.length === 0) return out[0];
  if (header.shape.length === 1) return out;
  if (header.shape.length !== 2) throw new Error(`${header.shape.length}-dimensional arrays are not supported`);
  const [rows, cols] = header.shape;
  return { kind: 'image', rows, cols, data: header.fortran ? transpose(out, rows, cols) : out };
}

function transpose(a: NumArray, rows: number, cols: number): NumArray {
  const out = a.slice();
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = a[c * rows + r];
  return out;
}

/** Encodes a little-endian float64 or int32 array (tests and exports; the inverse of decodeNpy). */
export function encodeNpy(data: Float64Array | Int32Array, shape: readonly number[]): Uint8Array {
  const descr = data instanceof Float64Array ? '<f8' : '<i4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
