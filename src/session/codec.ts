/**
 * Bit-exact encoding of event values that hold typed arrays. JSON: a typed array becomes
 * `{"$typed": "Float64Array", "b64": "<little-endian bytes in base64>"}` (NaN payloads and -0 survive).
 * msgpack: extension type 0x42 whose payload is one type-code byte followed by the raw little-endian bytes.
 */
import { ExtensionCodec } from '@msgpack/msgpack';
import type { NumArray } from '../graph/types.ts';

const CTORS = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array,
} as const;
export type TypedName = keyof typeof CTORS;
const NAMES = Object.keys(CTORS) as TypedName[];

function typedName(v: ArrayBufferView): TypedName | null {
  for (const n of NAMES) if (v instanceof CTORS[n]) return n;
  return null;
}

function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** A fresh, aligned typed array of the named type from little-endian bytes. */
export function typedFrom(name: TypedName, bytes: Uint8Array): NumArray {
  const ctor = CTORS[name];
  const size = ctor.BYTES_PER_ELEMENT;
  if (bytes.byteLength % size !== 0) throw new Error(`${name} payload of ${bytes.byteLength} bytes is not a multiple of ${size}`);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new ctor(copy.buffer);
}

/** Replaces typed arrays by their JSON form, recursively. */
export function toJsonValue(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) {
    const name = typedName(v);
    if (!name) throw new Error(`cannot record a ${v.constructor.name}`);
    return { $typed: name, b64: Buffer.from(bytesOf(v)).toString('base64') };
  }
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonValue(x);
    return out;
  }
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $num: Object.is(v, -0) ? '-0' : String(v) };
  return v;
}

/** The inverse of toJsonValue. */
export function fromJsonValue(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(fromJsonValue);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (typeof o['$typed'] === 'string' && typeof o['b64'] === 'string' && NAMES.includes(o['$typed'] as TypedName)) {
      return typedFrom(o['$typed'] as TypedName, Buffer.from(o['b64'], 'base64'));
    }
    if (typeof o['$num'] === 'string' && Object.keys(o).length === 1) return Number(o['$num']);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = fromJsonValue(x);
    return out;
  }
  return v;
}

export const TYPED_EXT = 0x42;
/** msgpack writes -0 as the integer 0; this marker (extension 0x43, empty payload) keeps the sign. */
export const NEG_ZERO_EXT = 0x43;
const NEG_ZERO = Object.freeze({ negativeZero: true });

/** Replaces -0 by the marker the msgpack extension writes, recursively (typed arrays are left alone). */
export function markNegativeZero(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? NEG_ZERO : v;
  if (ArrayBuffer.isView(v) || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(markNegativeZero);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = markNegativeZero(x);
  return out;
}

export const sessionExtensions = new ExtensionCodec();
sessionExtensions.register({
  type: TYPED_EXT,
  encode: (v: unknown): Uint8Array | null => {
    if (!ArrayBuffer.isView(v)) return null;
    const name = typedName(v);
    if (!name) return null;
    const out = new Uint8Array(1 + v.byteLength);
    out[0] = NAMES.indexOf(name);
    out.set(bytesOf(v), 1);
    return out;
  },
  decode: (data: Uint8Array): NumArray => {
    const name = NAMES[data[0]];
    if (!name) throw new Error(`unknown typed-array code ${data[0]}`);
    return typedFrom(name, data.subarray(1));
  },
});
sessionExtensions.register({
  type: NEG_ZERO_EXT,
  encode: (v: unknown): Uint8Array | null => (v === NEG_ZERO ? new Uint8Array(0) : null),
  decode: (): number => -0,
});
