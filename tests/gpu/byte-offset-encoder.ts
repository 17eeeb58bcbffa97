/** A tiny byte-offset encoder for the tests (CBFlib widths; int32 deltas wrap like fabio's). */
export function encodeByteOffset(values: Int32Array, force64At: ReadonlySet<number> = new Set()): Uint8Array {
  const out = new Uint8Array(values.length * 15 + 16);
  const dv = new DataView(out.buffer);
  let n = 0;
  let base = 0;
  for (let k = 0; k < values.length; k++) {
    const d = (values[k] - base) | 0;
    base = values[k];
    if (force64At.has(k)) {
      out[n] = 0x80; dv.setInt16(n + 1, -32768, true); dv.setInt32(n + 3, -2147483648, true);
      dv.setBigInt64(n + 7, BigInt(d), true); n += 15;
    } else if (d >= -127 && d <= 127) {
      dv.setInt8(n, d); n += 1;
    } else if (d >= -32767 && d <= 32767) {
      out[n] = 0x80; dv.setInt16(n + 1, d, true); n += 3;
    } else if (d !== -2147483648) {
      out[n] = 0x80; dv.setInt16(n + 1, -32768, true); dv.setInt32(n + 3, d, true); n += 7;
    } else {
      out[n] = 0x80; dv.setInt16(n + 1, -32768, true); dv.setInt32(n + 3, -2147483648, true);
      dv.setBigInt64(n + 7, BigInt(d), true); n += 15;
    }
  }
  return out.slice(0, n);
}

/** Sequential reference decoder, straight from the CBFlib description. */
export function decodeByteOffsetReference(bytes: Uint8Array, nElems: number): Int32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(nElems);
  let p = 0;
  let base = 0;
  for (let k = 0; k < nElems; k++) {
    let d = dv.getInt8(p);
    if (d !== -128) p += 1;
    else if ((d = dv.getInt16(p + 1, true)) !== -32768) p += 3;
    else if ((d = dv.getInt32(p + 3, true)) !== -2147483648) p += 7;
    else { d = Number(BigInt.asIntN(32, dv.getBigInt64(p + 7, true))); p += 15; }
    base = (base + d) | 0;
    out[k] = base;
  }
  return out;
}
