/**
 * Finds where one msgpack value ends without decoding it, so a byte stream (TCP) can be cut into whole
 * values as chunks arrive. Returns the end offset, -1 when more bytes are needed, or throws on a byte
 * msgpack never uses.
 */

function fixedSize(b: number): number {
  if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) return 1;
  switch (b) {
    case 0xcc: case 0xd0: return 2;
    case 0xcd: case 0xd1: case 0xd4: return 3;
    case 0xd5: return 4;
    case 0xca: case 0xce: case 0xd2: return 5;
    case 0xd6: return 6;
    case 0xcb: case 0xcf: case 0xd3: return 9;
    case 0xd7: return 10;
    case 0xd8: return 18;
    default: return 0;
  }
}

function uint(bytes: Uint8Array, pos: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + bytes[pos + i];
  return v;
}

/** Sized payloads: [header bytes, length bytes] for str/bin/ext (ext adds one type byte). */
const SIZED: Readonly<Record<number, readonly [number, number]>> = {
  0xc4: [2, 1], 0xc5: [3, 2], 0xc6: [5, 4], 0xd9: [2, 1], 0xda: [3, 2], 0xdb: [5, 4],
  0xc7: [3, 1], 0xc8: [4, 2], 0xc9: [6, 4],
};
/** Containers: [header bytes, count bytes, values per entry]. */
const CONTAINERS: Readonly<Record<number, readonly [number, number, number]>> = {
  0xdc: [3, 2, 1], 0xdd: [5, 4, 1], 0xde: [3, 2, 2], 0xdf: [5, 4, 2],
};

export function msgpackValueEnd(bytes: Uint8Array, start: number): number {
  let pos = start;
  let pending = 1; // values still to skip
  while (pending > 0) {
    if (pos >= bytes.length) return -1;
    const b = bytes[pos];
    pending--;
    const fixed = fixedSize(b);
    if (fixed > 0) { pos += fixed; continue; }
    if (b >= 0xa0 && b <= 0xbf) { pos += 1 + (b & 0x1f); continue; }
    if (b >= 0x90 && b <= 0x9f) { pos += 1; pending += b & 0x0f; continue; }
    if (b >= 0x80 && b <= 0x8f) { pos += 1; pending += 2 * (b & 0x0f); continue; }
    const sized = SIZED[b];
    if (sized) {
      if (pos + sized[0] > bytes.length) return -1;
      pos += sized[0] + uint(bytes, pos + 1, sized[1]);
      continue;
    }
    const cont = CONTAINERS[b];
    if (cont) {
      if (pos + cont[0] > bytes.length) return -1;
      pending += cont[2] * uint(bytes, pos + 1, cont[1]);
      pos += cont[0];
      continue;
    }
    throw new Error(`byte 0x${b.toString(16)} at offset ${pos} is not msgpack`);
  }
  return pos <= bytes.length ? pos : -1;
}
