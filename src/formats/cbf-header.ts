/**
 * The text parts of a CBF file: the optional CIF preamble (with a Dectris `# Key value` header) and the MIME
 * header of the binary section. Only what a byte-offset reader needs is interpreted; everything is kept.
 */

export const BINARY_MARKER = '--CIF-BINARY-FORMAT-SECTION--';
export const PAYLOAD_MAGIC = [0x0c, 0x1a, 0x04, 0xd5] as const;

export type CbfElementType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

export interface CbfMime {
  /** Every `Key: value` line (keys lower-cased, continuation lines joined). */
  readonly fields: Readonly<Record<string, string>>;
  readonly conversions: string | null;
  readonly binarySize: number | null;
  readonly elements: number | null;
  readonly fastest: number | null;
  readonly second: number | null;
  readonly elementType: CbfElementType | null;
  /** The raw text of X-Binary-Element-Type, for error messages. */
  readonly elementTypeText: string | null;
  readonly md5: string | null;
  readonly byteOrder: string | null;
}

/** Index of `needle` (ASCII) in `hay` from `from` to `to`, or -1. */
export function indexOfAscii(hay: Uint8Array, needle: string, from = 0, to = hay.length): number {
  const first = needle.charCodeAt(0);
  const m = needle.length;
  const end = Math.min(to, hay.length) - m;
  outer: for (let i = from; i <= end; i++) {
    if (hay[i] !== first) continue;
    for (let j = 1; j < m; j++) if (hay[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

export function indexOfMagic(hay: Uint8Array, from: number, to = hay.length): number {
  const end = Math.min(to, hay.length) - 4;
  for (let i = from; i <= end; i++) {
    if (hay[i] === 0x0c && hay[i + 1] === 0x1a && hay[i + 2] === 0x04 && hay[i + 3] === 0xd5) return i;
  }
  return -1;
}

export function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  const CHUNK = 8192;
  for (let i = from; i < to; i += CHUNK) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(to, i + CHUNK)));
  }
  return s;
}

const ELEMENT_TYPES: ReadonlyArray<[RegExp, CbfElementType]> = [
  [/^unsigned\s+8-bit\s+integer$/i, 'uint8'],
  [/^signed\s+8-bit\s+integer$/i, 'int8'],
  [/^unsigned\s+16-bit\s+integer$/i, 'uint16'],
  [/^signed\s+16-bit\s+integer$/i, 'int16'],
  [/^unsigned\s+32-bit\s+integer$/i, 'uint32'],
  [/^signed\s+32-bit\s+integer$/i, 'int32'],
  [/^unsigned\s+64-bit\s+integer$/i, 'uint64'],
  [/^signed\s+64-bit\s+integer$/i, 'int64'],
];

function intField(fields: Record<string, string>, key: string): number | null {
  const v = fields[key];
  if (v === undefined) return null;
  const t = v.trim();
  if (!/^\d+$/.test(t)) return Number.NaN;
  return Number(t);
}

/** Parses the MIME lines between the binary marker and the blank line before the payload magic. */
export function parseMime(text: string): CbfMime {
  const fields: Record<string, string> = {};
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line) && last !== null) {
      fields[last] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    fields[last] = line.slice(colon + 1).trim();
  }
  const ct = fields['content-type'] ?? '';
  const conv = /conversions\s*=\s*"?([^";\s]+)"?/i.exec(ct);
  const etText = fields['x-binary-element-type']?.replace(/"/g, '').trim() ?? null;
  const et = etText === null ? null : (ELEMENT_TYPES.find(([re]) => re.test(etText))?.[1] ?? null);
  return {
    fields,
    conversions: conv ? conv[1].toLowerCase() : null,
    binarySize: intField(fields, 'x-binary-size'),
    elements: intField(fields, 'x-binary-number-of-elements'),
    fastest: intField(fields, 'x-binary-size-fastest-dimension'),
    second: intField(fields, 'x-binary-size-second-dimension'),
    elementType: et,
    elementTypeText: etText,
    md5: fields['content-md5']?.trim() ?? null,
    byteOrder: fields['x-binary-element-byte-order']?.trim() ?? null,
  };
}

/** The Dectris `# Key value` lines of the preamble (e.g. Pixel_size, Exposure_time, Wavelength). */
export function parseDectrisHeader(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^#\s*([A-Za-z][A-Za-z0-9_]*)[\s:=]+(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}
