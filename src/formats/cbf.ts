/**
 * CBF reader (byte-offset compressed images as written by Dectris/CBFlib and fabio). It relies only on the
 * binary section: the marker, the MIME header, the 0C 1A 04 D5 magic and X-Binary-Size; the CIF preamble,
 * the padding and the closing boundary are optional (real files omit them).
 *
 * No allocation is driven by the header alone: every element takes at least one payload byte, so the element
 * count is checked against X-Binary-Size, which is checked against the bytes actually present.
 */
import { BeamflowError } from '../graph/errors.ts';
import { decodeByteOffsetBig, decodeByteOffsetInt32 } from './cbf-byte-offset.ts';
import type { ByteOffsetResult } from './cbf-byte-offset.ts';
import { decodeByteOffsetInt32Wasm } from './cbf-byte-offset-wasm.ts';
import { BINARY_MARKER, indexOfAscii, indexOfMagic, latin1, parseDectrisHeader, parseMime } from './cbf-header.ts';
import type { CbfElementType, CbfMime } from './cbf-header.ts';
import { cbfMd5 } from './cbf-md5.ts';

export type { CbfElementType, CbfMime } from './cbf-header.ts';

export type CbfNative = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

export interface CbfOptions {
  /** Name used in error messages. */
  readonly file?: string;
  /** Check Content-MD5 when present (default true). A mismatch is an error. */
  readonly verifyMd5?: boolean;
  /**
   * readCbf only: the pixels may be a view on this thread's decoding buffer, valid until the next such read
   * (no copy, no fresh memory). For loops that are done with a frame before reading the next.
   */
  readonly scratch?: boolean;
  /**
   * readCbf only: decodes the int32 payload instead of the thread's decoder (e.g. into a shared WebAssembly
   * memory); `payload` is a view on the file's bytes.
   */
  readonly decoder?: Int32Decoder;
}

export type Int32Decoder = (payload: Uint8Array, n: number) => ByteOffsetResult<Int32Array>;

export interface CbfHeaderInfo {
  readonly file: string;
  readonly rows: number;
  readonly cols: number;
  readonly elementType: CbfElementType;
  readonly mime: CbfMime;
  /** Dectris `# Key value` lines of the preamble (empty when there is none). */
  readonly header: Readonly<Record<string, string>>;
  readonly payloadOffset: number;
  readonly payloadSize: number;
}

export interface CbfFrame<T> extends CbfHeaderInfo {
  readonly data: T;
  readonly md5: 'verified' | 'absent' | 'unchecked';
}

/** Beyond this many elements (4 GiB of int32) a header is absurd whatever the file holds. */
const MAX_ELEMENTS = 2 ** 30;
/** The binary marker must appear within this many bytes (full imgCIF preambles can be long). */
const MARKER_SEARCH = 1 << 20;

function bad(file: string, problem: string): BeamflowError {
  return new BeamflowError({ kind: 'BadFile', file, problem });
}

/** Parses and validates everything but the payload bytes. */
export function readCbfHeader(bytes: Uint8Array, file = '<cbf>'): CbfHeaderInfo {
  const marker = indexOfAscii(bytes, BINARY_MARKER, 0, MARKER_SEARCH);
  if (marker < 0) throw bad(file, `not a CBF image: no '${BINARY_MARKER}' binary section`);
  const magic = indexOfMagic(bytes, marker, marker + 65536);
  if (magic < 0) throw bad(file, 'binary section has no payload start (0C 1A 04 D5 magic bytes): header only or truncated');
  const mime = parseMime(latin1(bytes, marker + BINARY_MARKER.length, magic));
  const header = parseDectrisHeader(latin1(bytes, 0, marker));
  if (mime.conversions === null || mime.conversions !== 'x-cbf_byte_offset') {
    throw bad(file, `unsupported compression '${mime.conversions ?? 'none'}': only x-CBF_BYTE_OFFSET is supported`);
  }
  const byteOrder = mime.byteOrder?.toUpperCase();
  if (byteOrder !== undefined && byteOrder !== 'LITTLE_ENDIAN') throw bad(file, `unsupported byte order '${mime.byteOrder}'`);
  if (mime.elementType === null) throw bad(file, `unsupported or missing X-Binary-Element-Type '${mime.elementTypeText ?? ''}'`);
  const size = requirePositive(file, 'X-Binary-Size', mime.binarySize, true);
  const cols = requirePositive(file, 'X-Binary-Size-Fastest-Dimension', mime.fastest, false);
  const rows = mime.second === null ? 1 : requirePositive(file, 'X-Binary-Size-Second-Dimension', mime.second, false);
  const elements = mime.elements === null ? rows * cols : requirePositive(file, 'X-Binary-Number-of-Elements', mime.elements, false);
  if (rows * cols !== elements) {
    throw bad(file, `size mismatch: X-Binary-Number-of-Elements ${elements} ≠ ${rows} rows × ${cols} columns`);
  }
  if (elements > MAX_ELEMENTS) throw bad(file, `absurd dimensions ${rows} × ${cols} (${elements} elements)`);
  if (elements > size) {
    throw bad(file, `size mismatch: ${elements} elements cannot fit in X-Binary-Size ${size} bytes (each takes at least 1 byte)`);
  }
  const payloadOffset = magic + 4;
  const available = bytes.length - payloadOffset;
  if (size > available) throw bad(file, `truncated: X-Binary-Size is ${size} bytes but only ${available} follow the magic bytes`);
  return { file, rows, cols, elementType: mime.elementType, mime, header, payloadOffset, payloadSize: size };
}

function requirePositive(file: string, key: string, v: number | null, allowZero: boolean): number {
  if (v === null) throw bad(file, `no dimensions: missing ${key}`);
  if (!Number.isSafeInteger(v) || v < (allowZero ? 0 : 1)) throw bad(file, `bad ${key} value`);
  return v;
}

function payloadOf(bytes: Uint8Array, info: CbfHeaderInfo, opts: CbfOptions): { payload: Uint8Array; md5: CbfFrame<unknown>['md5'] } {
  const payload = bytes.subarray(info.payloadOffset, info.payloadOffset + info.payloadSize);
  if (opts.verifyMd5 === false) return { payload, md5: 'unchecked' };
  if (info.mime.md5 === null) return { payload, md5: 'absent' };
  const got = cbfMd5(payload);
  if (got !== info.mime.md5) throw bad(info.file, `wrong MD5: Content-MD5 is ${info.mime.md5}, payload hashes to ${got}`);
  return { payload, md5: 'verified' };
}

function checkConsumed(info: CbfHeaderInfo, consumed: number): void {
  if (consumed !== info.payloadSize) {
    throw bad(info.file, `size mismatch: decoding ${info.rows * info.cols} elements used ${consumed} bytes, X-Binary-Size says ${info.payloadSize}`);
  }
}

/** The WebAssembly SIMD decoder where it runs, else (and for truncated payloads, to say where) the JS one. */
export function decodeInt32(payload: Uint8Array, n: number, scratch = false): ByteOffsetResult<Int32Array> {
  return decodeByteOffsetInt32Wasm(payload, n, scratch) ?? decodeByteOffsetInt32(payload, n);
}

/** Decodes into an Int32Array whatever the element type (wrapping like a C cast), the fast path for frames. */
export function readCbf(bytes: Uint8Array, opts: CbfOptions = {}): CbfFrame<Int32Array> {
  const info = readCbfHeader(bytes, opts.file);
  const { payload, md5 } = payloadOf(bytes, info, opts);
  const n = info.rows * info.cols;
  const r = opts.decoder ? opts.decoder(payload, n) : decodeInt32(payload, n, opts.scratch === true);
  if (!r.ok) throw bad(info.file, r.problem);
  checkConsumed(info, r.consumed);
  return { ...info, data: r.values, md5 };
}

/** Decodes into Float32 (for integration); same checks as readCbf. */
export function readCbfFloat32(bytes: Uint8Array, opts: CbfOptions = {}): CbfFrame<Float32Array> {
  const f = readCbf(bytes, opts);
  return { ...f, data: Float32Array.from(f.data) };
}

/** Decodes into the typed array of the declared element type (int64 → BigInt64Array). */
export function readCbfNative(bytes: Uint8Array, opts: CbfOptions = {}): CbfFrame<CbfNative> {
  const info = readCbfHeader(bytes, opts.file);
  const { payload, md5 } = payloadOf(bytes, info, opts);
  const n = info.rows * info.cols;
  if (info.elementType === 'int32') {
    const r = decodeInt32(payload, n);
    if (!r.ok) throw bad(info.file, r.problem);
    checkConsumed(info, r.consumed);
    return { ...info, data: r.values, md5 };
  }
  const r = decodeByteOffsetBig(payload, n);
  if (!r.ok) throw bad(info.file, r.problem);
  checkConsumed(info, r.consumed);
  return { ...info, data: castBig(r.values, info.elementType), md5 };
}

function castBig(v: BigInt64Array, t: CbfElementType): CbfNative {
  switch (t) {
    case 'int64':
      return v;
    case 'uint64':
      return new BigUint64Array(v.buffer);
    default: {
      const out = newNative(t, v.length);
      for (let i = 0; i < v.length; i++) out[i] = Number(BigInt.asIntN(32, v[i]));
      return out;
    }
  }
}

function newNative(t: Exclude<CbfElementType, 'int64' | 'uint64'>, n: number): Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array {
  switch (t) {
    case 'int8': return new Int8Array(n);
    case 'uint8': return new Uint8Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
  }
}
