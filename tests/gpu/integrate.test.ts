import { afterAll, describe, expect, it } from 'vitest';
import { GpuCsrIntegrator } from '../../src/kernels/gpu/csr-integrator.ts';
import { GpuHistogramIntegrator } from '../../src/kernels/gpu/histogram-integrator.ts';
import { releaseGpu } from '../../src/kernels/gpu/device.ts';
import { integrate1d, type Pattern1D } from '../../src/kernels/xrd/integrate.ts';
import { decodeCpu, frameFile, haveXrd, loadXrd, plan } from '../../bench/gpu/xrd-setup.ts';
import { acquireForTests, suiteTitle } from './gpu-setup.ts';
import { randomFrame, randomPlan } from './random-plan.ts';

const acq = await acquireForTests();
afterAll(() => releaseGpu());

/** GPU sums are float32 against the reference's float64: allow 2e-5 relative per bin (observed ≲ 1e-6). */
function expectClose(got: Pattern1D, ref: Pattern1D, rel = 2e-5): void {
  expect(got.intensity.length).toBe(ref.intensity.length);
  let worst = 0;
  for (let b = 0; b < ref.intensity.length; b++) {
    for (const k of ['intensity', 'sigma', 'sumSignal', 'sumNormalization', 'count'] as const) {
      const a = got[k][b], e = ref[k][b];
      const err = Math.abs(a - e) / Math.max(Math.abs(e), 1e-3);
      if (!(err <= rel)) throw new Error(`bin ${b} ${k}: gpu ${a} vs reference ${e} (relative ${err})`);
      worst = Math.max(worst, err);
    }
  }
  expect(worst).toBeLessThanOrEqual(rel);
}

describe.skipIf(!acq.ok)(suiteTitle('GPU integration (CSR and histogram) vs integrate1d', acq), () => {
  const gpu = acq.ok ? acq.gpu : null;

  it('CSR SpMV matches on random split plans, int32 and float32 frames', async () => {
    const p = randomPlan(97, 113, 300, true, 3);
    const g = new GpuCsrIntegrator(gpu!, p);
    const frame = randomFrame(97 * 113, 4);
    expectClose(await g.integrate(frame), integrate1d(p, frame));
    const f32 = Float32Array.from(frame, (v, i) => (i % 101 === 0 ? NaN : v + 0.25));
    expectClose(await g.integrate(f32), integrate1d(p, f32));
    g.destroy();
  });

  it('CSR SpMV honours dummy and deltaDummy like the reference', async () => {
    const p = randomPlan(64, 80, 150, true, 5);
    const g = new GpuCsrIntegrator(gpu!, p);
    const frame = randomFrame(64 * 80, 6);
    expectClose(await g.integrate(frame, { dummy: -1 }), integrate1d(p, frame, { dummy: -1 }));
    expectClose(await g.integrate(frame, { dummy: 10, deltaDummy: 5 }), integrate1d(p, frame, { dummy: 10, deltaDummy: 5 }));
    g.destroy();
  });

  it('histogram (atomics) matches on a random no-split plan, chunked bins included', async () => {
    for (const npt of [100, 5000]) {
      const p = randomPlan(120, 90, npt, false, 7);
      const h = new GpuHistogramIntegrator(gpu!, p);
      const frame = randomFrame(120 * 90, 8);
      expectClose(await h.integrate(frame), integrate1d(p, frame), 1e-5);
      h.destroy();
    }
  }, 180_000);

  it.skipIf(!haveXrd)('Pilatus 2M frame 100, bbox and no-split plans of the real geometry', async () => {
    const setup = loadXrd();
    const frame = decodeCpu(frameFile(100));
    const bbox = plan(setup, 'bbox');
    const g = new GpuCsrIntegrator(gpu!, bbox);
    expectClose(await g.integrate(frame), integrate1d(bbox, frame));
    g.destroy();
    const no = plan(setup, 'no');
    const h = new GpuHistogramIntegrator(gpu!, no);
    expectClose(await h.integrate(frame), integrate1d(no, frame));
    h.destroy();
  }, 300_000);
});
