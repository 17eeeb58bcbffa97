/** Byte-offset encoder/decoder and CBF writer/reader round trips on arbitrary data. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeByteOffsetBig, decodeByteOffsetInt32, encodeByteOffset } from '../../src/formats/cbf-byte-offset.ts';
import { readCbf, readCbfNative } from '../../src/formats/cbf.ts';
import { decodeByteOffsetInt32Wasm, wasmDecoderAvailable } from '../../src/formats/cbf-byte-offset-wasm.ts';
import { writeCbf } from '../../src/formats/cbf-write.ts';

const int32s = fc.array(
  fc.oneof(
    fc.integer({ min: -130, max: 130 }),
    fc.integer({ min: -33000, max: 33000 }),
    fc.constantFrom(-2147483648, 2147483647, 0, -1, -128, 127, -32768, 32767, 32768, -32769),
    fc.integer({ min: -2147483648, max: 2147483647 }),
  ),
  { maxLength: 300 },
);

describe('byte-offset codec', () => {
  it('int32 round trip (wrapping deltas, as fabio)', () => {
    fc.assert(
      fc.property(int32s, (vals) => {
        const a = Int32Array.from(vals);
        const bytes = encodeByteOffset(a, true);
        const r = decodeByteOffsetInt32(bytes, a.length);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(r.consumed).toBe(bytes.length);
          expect(Array.from(r.values)).toEqual(vals);
        }
      }),
    );
  });
  it('int32 round trip through the 64-bit escape (no wrapping)', () => {
    fc.assert(
      fc.property(int32s, (vals) => {
        const a = Int32Array.from(vals);
        const bytes = encodeByteOffset(a, false);
        const r = decodeByteOffsetInt32(bytes, a.length);
        const g = decodeByteOffsetBig(bytes, a.length);
        expect(r.ok && Array.from(r.values)).toEqual(vals);
        expect(g.ok && Array.from(g.values, Number)).toEqual(vals);
      }),
    );
  });
  it.skipIf(!wasmDecoderAvailable())('the WebAssembly SIMD decoder equals the JS decoder (runs of small deltas, escapes, truncation)', () => {
    const runs = fc.array(fc.oneof(fc.array(fc.integer({ min: -127, max: 127 }), { maxLength: 40 }), int32s.map((v) => v.slice(0, 5))), { maxLength: 20 });
    fc.assert(
      fc.property(runs, fc.boolean(), fc.nat(), (parts, wrap, cut) => {
        const vals = parts.flat();
        let acc = 0;
        const a = Int32Array.from(vals, (d) => (acc = (acc + d) | 0));
        const bytes = encodeByteOffset(a, wrap);
        const js = decodeByteOffsetInt32(bytes, a.length);
        const wasm = decodeByteOffsetInt32Wasm(bytes, a.length);
        expect(wasm && wasm.ok && wasm.consumed).toBe(js.ok && js.consumed);
        expect(wasm && wasm.ok && Array.from(wasm.values)).toEqual(Array.from(a));
        if (bytes.length > 0) expect(decodeByteOffsetInt32Wasm(bytes.subarray(0, cut % bytes.length), a.length)).toBe(null);
      }),
      { numRuns: 300 },
    );
  });
  it.skipIf(!wasmDecoderAvailable())('the SIMD decoder equals the JS decoder on escape-dense deltas (mixed 1-byte/16-bit windows)', () => {
    // Deltas whose int16 has a 0x80 byte (±128, 384, -32640 …) test that the mixed step skips 0x80 bytes inside escapes.
    const delta = fc.oneof(
      { arbitrary: fc.integer({ min: -127, max: 127 }), weight: 6 },
      { arbitrary: fc.integer({ min: -32767, max: 32767 }), weight: 3 },
      { arbitrary: fc.constantFrom(128, -128, 384, -384, 0x7f80, -0x7f80, 32767, -32767, 127, -127), weight: 2 },
      { arbitrary: fc.integer({ min: -2147483648, max: 2147483647 }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(delta, { maxLength: 700, size: 'max' }), fc.boolean(), (deltas, wrap) => {
        let acc = 0;
        const a = Int32Array.from(deltas, (d) => (acc = (acc + d) | 0));
        const bytes = encodeByteOffset(a, wrap);
        const js = decodeByteOffsetInt32(bytes, a.length);
        const wasm = decodeByteOffsetInt32Wasm(bytes, a.length);
        expect(js.ok && Array.from(js.values)).toEqual(Array.from(a));
        expect(wasm && wasm.ok && wasm.consumed).toBe(js.ok && js.consumed);
        expect(wasm && wasm.ok && Array.from(wasm.values)).toEqual(Array.from(a));
      }),
      { numRuns: 400 },
    );
  });
  it.skipIf(!wasmDecoderAvailable())('the SIMD decoder equals the JS decoder with each kind of escape at every alignment, up to the last element', () => {
    const escapes = [128, -128, 200, -32767, 0x7f80, 40000, -2147483647, 2147483647];
    for (const len of [1, 15, 16, 17, 40, 64]) {
      for (const esc of escapes) {
        for (const wrap of [true, false]) {
          for (let at = 0; at < len; at++) {
            // Small deltas (some -127, whose byte 0x81 is next to 0x80), one escape at `at`, a second one 3 later.
            const deltas = Array.from({ length: len }, (_, i) => (i === at || i === at + 3 ? esc : ((i * 37) % 255) - 127));
            let acc = 0;
            const a = Int32Array.from(deltas, (d) => (acc = (acc + d) | 0));
            const bytes = encodeByteOffset(a, wrap);
            const wasm = decodeByteOffsetInt32Wasm(bytes, a.length);
            expect(wasm && wasm.ok && wasm.consumed).toBe(bytes.length);
            expect(wasm && wasm.ok && Array.from(wasm.values)).toEqual(Array.from(a));
            // Cut anywhere inside the last element: truncated, never mis-decoded.
            expect(decodeByteOffsetInt32Wasm(bytes.subarray(0, bytes.length - 1), a.length)).toBe(null);
          }
        }
      }
    }
  });
  it('int64 round trip', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 100 }), (vals) => {
        const a = BigInt64Array.from(vals);
        const r = decodeByteOffsetBig(encodeByteOffset(a), a.length);
        expect(r.ok && Array.from(r.values)).toEqual(vals);
      }),
    );
  });
  it('any prefix of a payload is reported truncated, never mis-decoded silently', () => {
    fc.assert(
      fc.property(int32s.filter((v) => v.length > 0), fc.nat(), (vals, cut) => {
        const bytes = encodeByteOffset(Int32Array.from(vals), true);
        const short = bytes.subarray(0, cut % bytes.length);
        const r = decodeByteOffsetInt32(short, vals.length);
        expect(r.ok).toBe(false);
      }),
    );
  });
});

describe('CBF file round trip', () => {
  it('int32 images', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer(), (rows, cols, seed) => {
        const data = new Int32Array(rows * cols);
        let s = seed >>> 0;
        for (let i = 0; i < data.length; i++) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          data[i] = s % 7 === 0 ? s | 0 : (s % 1000) - 2;
        }
        const f = readCbf(writeCbf({ rows, cols, data, header: { Exposure_time: '0.1 s' } }));
        expect([f.rows, f.cols, f.md5, f.header.Exposure_time]).toEqual([rows, cols, 'verified', '0.1 s']);
        expect(f.data).toEqual(data);
      }),
    );
  });
  it('uint16 and int16 images', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 200 }), (vals) => {
        const u = Uint16Array.from(vals);
        const f = readCbfNative(writeCbf({ rows: 1, cols: u.length, data: u }));
        expect(f.elementType).toBe('uint16');
        expect(f.data).toEqual(u);
        const s = Int16Array.from(vals);
        expect(readCbfNative(writeCbf({ rows: u.length, cols: 1, data: s })).data).toEqual(s);
      }),
    );
  });
});
