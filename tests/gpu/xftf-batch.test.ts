import { afterAll, describe, expect, it } from 'vitest';
import { releaseGpu } from '../../src/kernels/gpu/device.ts';
import { GpuFftBatch, xftfBatchGpu } from '../../src/kernels/gpu/xftf-batch.ts';
import { xftf } from '../../src/kernels/xafs/xftf.ts';
import { acquireForTests, suiteTitle } from './gpu-setup.ts';
import { lcg } from './random-plan.ts';

const acq = await acquireForTests();
afterAll(() => releaseGpu());

/** A χ(k) with three shells and noise on k = 0 … 16 Å⁻¹, step 0.05. */
function chiSpectrum(seed: number): Float64Array {
  const r = lcg(seed);
  const amp = [1, 0.5, 0.3].map((a) => a * (0.5 + r()));
  return Float64Array.from({ length: 321 }, (_, i) => {
    const k = i * 0.05;
    return (amp[0] * Math.sin(2 * k * 2.0) + amp[1] * Math.sin(2 * k * 3.1 + 1) + amp[2] * Math.sin(2 * k * 4.3)) *
      Math.exp(-0.01 * k * k) / Math.max(k, 1) + 0.01 * (r() - 0.5);
  });
}

describe.skipIf(!acq.ok)(suiteTitle('GPU batched FFT / xftf vs the TypeScript xftf', acq), () => {
  it('FFT of a single impulse and a cosine is exact to float32', async () => {
    const fft = new GpuFftBatch(acq.ok ? acq.gpu : (null as never), 64);
    const input = new Float32Array(2 * 64);
    input[3] = 1; // impulse at 3: X[m] = e^{-2πi·3m/64}
    for (let i = 0; i < 64; i++) input[64 + i] = Math.cos((2 * Math.PI * 5 * i) / 64);
    const out = await fft.run(input, 2, 64, new Float32Array(64).fill(1), 64, 1);
    for (let m = 0; m < 64; m++) {
      expect(out[2 * m]).toBeCloseTo(Math.cos((2 * Math.PI * 3 * m) / 64), 5);
      expect(out[2 * m + 1]).toBeCloseTo(-Math.sin((2 * Math.PI * 3 * m) / 64), 5);
      const expectRe = m === 5 || m === 59 ? 32 : 0;
      expect(out[2 * (64 + m)]).toBeCloseTo(expectRe, 3);
    }
    fft.destroy();
  });

  it('xftf of 300 spectra matches xftf one by one (≤ 1e-5 of the peak)', async () => {
    const spectra = Array.from({ length: 300 }, (_, s) => chiSpectrum(s + 1));
    const k = Float64Array.from({ length: 321 }, (_, i) => i * 0.05);
    const got = await xftfBatchGpu(acq.ok ? acq.gpu : (null as never), spectra, 0.05);
    spectra.forEach((chi, s) => {
      const ref = xftf(k, chi);
      expect(got[s].r).toEqual(ref.r);
      const peak = Math.max(...ref.chirMag);
      for (let i = 0; i < ref.r.length; i++) {
        expect(Math.abs(got[s].chirRe[i] - ref.chirRe[i])).toBeLessThanOrEqual(1e-5 * peak);
        expect(Math.abs(got[s].chirIm[i] - ref.chirIm[i])).toBeLessThanOrEqual(1e-5 * peak);
      }
    });
  }, 180_000);
});
