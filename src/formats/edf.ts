/**
 * ESRF Data Format (EDF) reader, first image only: an ASCII header `{ key = value ; ... }` padded to a
 * multiple of 512 bytes, then raw pixels. Enough for masks, flats and darks written by fabio/pyFAI.
 */
import { BeamflowError } from '../graph/errors.ts';

export type EdfArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export interface EdfImage {
  readonly file: string;
  readonly rows: number;
  readonly cols: number;
  readonly header: Readonly<Record<string, string>>;
  readonly data: EdfArray;
}

const TYPES: Record<string, [number, (b: ArrayBuffer, n: number) => EdfArray]> = {
  signedbyte: [1, (b, n) => new Int8Array(b, 0, n)],
  unsignedbyte: [1, (b, n) => new Uint8Array(b, 0, n)],
  signedshort: [2, (b, n) => new Int16Array(b, 0, n)],
  unsignedshort: [2, (b, n) => new Uint16Array(b, 0, n)],
  signedinteger: [4, (b, n) => new Int32Array(b, 0, n)],
  unsignedinteger: [4, (b, n) => new Uint32Array(b, 0, n)],
  signedlong: [4, (b, n) => new Int32Array(b, 0, n)],
  unsignedlong: [4, (b, n) => new Uint32Array(b, 0, n)],
  floatvalue: [4, (b, n) => new Float32Array(b, 0, n)],
  float: [4, (b, n) => new Float32Array(b, 0, n)],
  doublevalue: [8, (b, n) => new Float64Array(b, 0, n)],
  double: [8, (b, n) => new Float64Array(b, 0, n)],
};

export function readEdf(bytes: Uint8Array, file = '<edf>'): EdfImage {
  const bad = (problem: string) => new BeamflowError({ kind: 'BadFile', file, problem });
  if (bytes[0] !== 0x7b) throw bad('not an EDF file: does not start with "{"');
  const close = bytes.indexOf(0x7d);
  if (close < 0 || close > 1 << 20) throw bad('EDF header has no closing "}"');
  const text = new TextDecoder('latin1').decode(bytes.subarray(1, close));
  const header: Record<string, string> = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    header[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  // The binary block starts after the newline that follows '}'.
  let start = close + 1;
  if (bytes[start] === 0x0d) start++;
  if (bytes[start] === 0x0a) start++;
  const cols = Number(header.Dim_1);
  const rows = Number(header.Dim_2 ?? 1);
  if (!Number.isSafeInteger(cols) || !Number.isSafeInteger(rows) || cols < 1 || rows < 1) throw bad(`bad dimensions Dim_1=${header.Dim_1} Dim_2=${header.Dim_2}`);
  const typeName = (header.DataType ?? '').toLowerCase();
  const t = TYPES[typeName];
  if (!t) throw bad(`unsupported DataType '${header.DataType ?? ''}'`);
  const [size, make] = t;
  const n = rows * cols;
  const need = n * size;
  if (bytes.length - start < need) throw bad(`truncated: ${need} data bytes expected, ${bytes.length - start} present`);
  const little = (header.ByteOrder ?? 'LowByteFirst').toLowerCase() === 'lowbytefirst';
  const copy = bytes.slice(start, start + need);
  if (!little && size > 1) {
    for (let i = 0; i < need; i += size) copy.subarray(i, i + size).reverse();
  }
  return { file, rows, cols, header, data: make(copy.buffer, n) };
}
