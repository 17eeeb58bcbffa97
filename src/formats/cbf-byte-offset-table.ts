/**
 * The lookup table of the WebAssembly byte-offset decoder's mixed step. A 16-byte window that starts on an
 * element holds 1-byte deltas and 16-bit escapes (0x80, then an int16) in some order; which bytes are 0x80
 * (the low 12 bits of the window's 0x80 mask) fixes where the elements starting in bytes 0..11 begin and
 * end, because the parse only looks at the mask bit of an element's first byte (a 0x80 inside an int16 is
 * skipped over). For each of the 4096 masks the table gives the swizzles that gather up to 8 of those
 * elements as int16 lanes (see the decoder), how many elements that is, and how many bytes they take.
 *
 * A 32-bit escape (0x80, 0x00, 0x80 …) reads as an int16 lane of -32768, which the decoder tests for and
 * hands to its scalar path.
 */

/** Mask bits looked at: elements starting at bytes 0..11 end by byte 13, inside the 16-byte window. */
export const MIXED_MASK_BITS = 12;
/** Elements gathered per mixed step (8 int16 lanes). */
export const MIXED_LANES = 8;
/** Bytes per entry in the swizzle part: low-byte swizzle, then the swizzle of the sign bytes. */
export const SWIZZLE_ENTRY = 32;

export interface MixedStepTable {
  /** 4096 entries of 32 bytes: swizzle of the window (16), swizzle of its sign bytes (16). */
  readonly swizzles: Uint8Array;
  /** 4096 entries: bytes consumed | elements << 8. */
  readonly steps: Uint16Array;
}

/**
 * Lane j of the int16 vector `swizzle(window, lo) | swizzle(signs, hi)`, where signs[b] is 0xff when
 * window[b] is negative and 0 otherwise (one compare), is the j-th delta: for a 1-byte delta at byte b, low
 * byte window[b] and high byte signs[b] (its sign extension); for an escape at b, the int16
 * window[b+1] | window[b+2] << 8. Unused lanes are 0 (swizzle index 0x80 gives 0), so they add nothing to
 * the prefix sum.
 */
export function buildMixedStepTable(): MixedStepTable {
  const entries = 1 << MIXED_MASK_BITS;
  const swizzles = new Uint8Array(entries * SWIZZLE_ENTRY).fill(0x80);
  const steps = new Uint16Array(entries);
  for (let mask = 0; mask < entries; mask++) {
    const lo = mask * SWIZZLE_ENTRY;
    const hi = lo + 16;
    let pos = 0;
    let count = 0;
    while (pos < MIXED_MASK_BITS && count < MIXED_LANES) {
      if ((mask >> pos) & 1) {
        swizzles[lo + 2 * count] = pos + 1;
        swizzles[lo + 2 * count + 1] = pos + 2;
        pos += 3;
      } else {
        swizzles[lo + 2 * count] = pos;
        swizzles[hi + 2 * count + 1] = pos;
        pos += 1;
      }
      count++;
    }
    steps[mask] = pos | (count << 8);
  }
  return { swizzles, steps };
}
