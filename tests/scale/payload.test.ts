import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodePayload, encodePayload } from '../../src/distributed/payload.ts';
import type { NodeData } from '../../src/graph/types.ts';

const sameBits = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('distributed payload codec', () => {
  it('keeps array types, images, offsets views and special numbers bit for bit', () => {
    const big = new Float32Array([9, 8, 7, 6, 5]);
    const d: NodeData = {
      f64: new Float64Array([1.5, NaN, -0, Infinity]),
      view: big.subarray(1, 4),
      i8: new Int8Array([-128, 127, 0]),
      img: { kind: 'image', rows: 2, cols: 3, data: new Uint16Array([1, 2, 3, 4, 5, 65535]) },
      n: -0,
      nan: NaN,
      int: 42,
      empty: new Uint32Array(0),
    };
    const back = decodePayload(Buffer.from(encodePayload(d)));
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(sameBits(back.f64 as Float64Array, d.f64 as Float64Array)).toBe(true);
    expect(back.view).toBeInstanceOf(Float32Array);
    expect(Array.from(back.view as Float32Array)).toEqual([8, 7, 6]);
    expect(back.i8).toBeInstanceOf(Int8Array);
    expect(back.img).toMatchObject({ kind: 'image', rows: 2, cols: 3 });
    expect(Object.is(back.n, -0)).toBe(true);
    expect(Number.isNaN(back.nan)).toBe(true);
    expect(back.int).toBe(42);
    expect((back.empty as Uint32Array).length).toBe(0);
  });

  it('round-trips random float64 arrays exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 200 }), fc.double(), (xs, s) => {
        const d = { a: Float64Array.from(xs), s };
        const back = decodePayload(encodePayload(d));
        return sameBits(back.a as Float64Array, d.a) && Object.is(back.s, s);
      }),
    );
  });

  it('rejects what is not a payload with a clear error', () => {
    expect(() => decodePayload(new Uint8Array([1, 2, 3]))).toThrow(/too short/);
    expect(() => decodePayload(new Uint8Array(16))).toThrow(/bad magic/);
    const ok = encodePayload({ a: new Float64Array(100) });
    expect(() => decodePayload(ok.subarray(0, 64))).toThrow(/runs past the end/);
  });
});
