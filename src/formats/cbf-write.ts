/**
 * CBF writer: a Dectris-style miniCBF with a byte-offset payload and Content-MD5 (for the simulator, tests and
 * round-trip properties). Int32 frames are encoded with deltas wrapping modulo 2^32, as fabio does, so fabio
 * reads our files back.
 */
import { encodeByteOffset } from './cbf-byte-offset.ts';
import type { CbfElementType } from './cbf-header.ts';
import { cbfMd5 } from './cbf-md5.ts';

export interface CbfWriteInput {
  readonly rows: number;
  readonly cols: number;
  readonly data: Int32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint32Array | BigInt64Array;
  /** Dectris `# Key value` header lines, e.g. { Pixel_size: '172e-6 m x 172e-6 m' }. */
  readonly header?: Readonly<Record<string, string>>;
  readonly name?: string;
  /** Padding bytes after the payload (Dectris writes 4095 zeros). */
  readonly padding?: number;
}

const TYPE_TEXT: Record<CbfElementType, string> = {
  int8: 'signed 8-bit integer',
  uint8: 'unsigned 8-bit integer',
  int16: 'signed 16-bit integer',
  uint16: 'unsigned 16-bit integer',
  int32: 'signed 32-bit integer',
  uint32: 'unsigned 32-bit integer',
  int64: 'signed 64-bit integer',
  uint64: 'unsigned 64-bit integer',
};

function elementTypeOf(d: CbfWriteInput['data']): CbfElementType {
  if (d instanceof Int32Array) return 'int32';
  if (d instanceof Int16Array) return 'int16';
  if (d instanceof Uint16Array) return 'uint16';
  if (d instanceof Int8Array) return 'int8';
  if (d instanceof Uint8Array) return 'uint8';
  if (d instanceof Uint32Array) return 'uint32';
  return 'int64';
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

export function writeCbf(input: CbfWriteInput): Uint8Array {
  const { rows, cols, data } = input;
  if (data.length !== rows * cols) throw new RangeError(`writeCbf: ${data.length} values for ${rows} × ${cols}`);
  const type = elementTypeOf(data);
  const payload = encodeByteOffset(data, type === 'int32' || type === 'uint32');
  const headerLines = Object.entries(input.header ?? {}).map(([k, v]) => `# ${k} ${v}\r\n`).join('');
  const padding = input.padding ?? 4095;
  const text =
    '###CBF: VERSION 1.5, beamflow\r\n' +
    `data_${input.name ?? 'image'}\r\n\r\n` +
    '_array_data.header_convention "PILATUS_1.2"\r\n' +
    `_array_data.header_contents\r\n;\r\n${headerLines};\r\n\r\n` +
    '_array_data.data\r\n;\r\n--CIF-BINARY-FORMAT-SECTION--\r\n' +
    'Content-Type: application/octet-stream;\r\n     conversions="x-CBF_BYTE_OFFSET"\r\n' +
    'Content-Transfer-Encoding: BINARY\r\n' +
    `X-Binary-Size: ${payload.length}\r\n` +
    'X-Binary-ID: 1\r\n' +
    `X-Binary-Element-Type: "${TYPE_TEXT[type]}"\r\n` +
    'X-Binary-Element-Byte-Order: LITTLE_ENDIAN\r\n' +
    `Content-MD5: ${cbfMd5(payload)}\r\n` +
    `X-Binary-Number-of-Elements: ${rows * cols}\r\n` +
    `X-Binary-Size-Fastest-Dimension: ${cols}\r\n` +
    `X-Binary-Size-Second-Dimension: ${rows}\r\n` +
    `X-Binary-Size-Padding: ${padding}\r\n\r\n`;
  const head = ascii(text);
  const tail = ascii('\r\n--CIF-BINARY-FORMAT-SECTION----\r\n;\r\n\r\n');
  const out = new Uint8Array(head.length + 4 + payload.length + padding + tail.length);
  out.set(head, 0);
  out.set([0x0c, 0x1a, 0x04, 0xd5], head.length);
  out.set(payload, head.length + 4);
  out.set(tail, head.length + 4 + payload.length + padding);
  return out;
}
