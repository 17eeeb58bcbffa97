import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readCbf } from '../../src/formats/cbf.ts';
import { cbfPayload, haveXrd, XRD_DIR } from '../../bench/gpu/xrd-setup.ts';
import { GpuByteOffsetDecoder } from '../../src/kernels/gpu/byte-offset-decoder.ts';
import { releaseGpu } from '../../src/kernels/gpu/device.ts';
import { acquireForTests, suiteTitle } from './gpu-setup.ts';
import { decodeByteOffsetReference, encodeByteOffset } from './byte-offset-encoder.ts';

const acq = await acquireForTests();
afterAll(() => releaseGpu());

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Pixels whose deltas hit every escape width, including runs where escapes sit inside escape payloads. */
function nastyFrame(n: number, seed: number): Int32Array {
  const r = rng(seed);
  const v = new Int32Array(n);
  let x = 0;
  for (let i = 0; i < n; i++) {
    const u = r();
    if (u < 0.5) x += Math.floor(r() * 255) - 127;
    else if (u < 0.7) x += 128;                    // 80 80 00: a 0x80 inside the payload
    else if (u < 0.8) x -= 128;
    else if (u < 0.9) x += Math.floor(r() * 65535) - 32767;
    else if (u < 0.97) x += Math.floor((r() - 0.5) * 2 ** 31);
    else x = r() < 0.5 ? -2147483648 : 2147483647;
    v[i] = x | 0;
  }
  return v;
}

describe.skipIf(!acq.ok)(suiteTitle('GPU byte-offset decoder vs the sequential reference', acq), () => {
  const decoder = acq.ok ? GpuByteOffsetDecoder.create(acq.gpu) : null;

  it('encoder and reference agree (the test tools themselves)', () => {
    const v = nastyFrame(5000, 1);
    expect(decodeByteOffsetReference(encodeByteOffset(v), v.length)).toEqual(v);
  });

  it('decodes escape-dense streams bit-identically, with either scatter pass', async () => {
    const plain = acq.ok ? GpuByteOffsetDecoder.create(acq.gpu, { coalesced: false }) : null;
    for (const [n, seed] of [[1, 2], [7, 3], [4096, 4], [100_003, 5]] as const) {
      const v = nastyFrame(n, seed);
      const bytes = encodeByteOffset(v);
      for (const d of [decoder!, plain!]) {
        const got = await d.decode(bytes, n);
        expect(Buffer.from(got.buffer).equals(Buffer.from(v.buffer))).toBe(true);
      }
    }
  });

  it('handles forced 64-bit escapes and long runs of 0x80 bytes', async () => {
    const n = 20_000;
    const v = new Int32Array(n);
    for (let i = 0; i < n; i++) v[i] = (i % 2 ? 128 : 0) + (i > 15000 ? 100000 * (i % 3) : 0);
    const force = new Set([0, 1, 2, 333, 334, 19_999]);
    const bytes = encodeByteOffset(v, force);
    const got = await decoder!.decode(bytes, n);
    expect(Buffer.from(got.buffer).equals(Buffer.from(v.buffer))).toBe(true);
  });

  it('decodes a Pilatus-2M-sized Poisson frame bit-identically', async () => {
    const rows = 1679, cols = 1475, n = rows * cols;
    const r = rng(9);
    const v = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const ring = Math.abs(((i % cols) - 700) ** 2 + (Math.floor(i / cols) - 800) ** 2 - 400 ** 2) < 4000 ? 20000 : 0;
      v[i] = Math.floor(r() * 30 + ring * r()) - (i % 487 === 0 ? 31 : 0);
      if (i % 7919 === 0) v[i] = -1;
    }
    const bytes = encodeByteOffset(v);
    const got = await decoder!.decode(bytes, n);
    expect(Buffer.from(got.buffer).equals(Buffer.from(v.buffer))).toBe(true);
  }, 300_000); // ~20 s on SwiftShader with 2 cores
});

describe.skipIf(!acq.ok || !haveXrd)(suiteTitle('GPU decoder on the fabio-written CBF corner cases of ../shared', acq), () => {
  const decoder = acq.ok ? GpuByteOffsetDecoder.create(acq.gpu) : null;
  for (const name of ['int32_delta_boundaries', 'int32_single_pixel_large', 'int32_pilatus_like_195x981', 'int64_8byte_escape']) {
    it(`${name}: the same int32 pixels as readCbf (the CPU path)`, async () => {
      const file = `${XRD_DIR}edge-cases/${name}.cbf`;
      const { payload, rows, cols } = cbfPayload(file);
      const cpu = readCbf(new Uint8Array(readFileSync(file)), { file }).data;
      const got = await decoder!.decode(payload, rows * cols);
      expect(Buffer.from(got.buffer).equals(Buffer.from(cpu.buffer, cpu.byteOffset, cpu.byteLength))).toBe(true);
    });
  }
});
