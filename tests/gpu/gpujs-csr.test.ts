import { afterAll, describe, expect, it } from 'vitest';
import { releaseGpu } from '../../src/kernels/gpu/device.ts';
import { GpuJsCsrIntegrator } from '../../src/kernels/gpu/gpujs-csr.ts';
import { integrate1d } from '../../src/kernels/xrd/integrate.ts';
import { acquireForTests, suiteTitle } from './gpu-setup.ts';
import { randomFrame, randomPlan } from './random-plan.ts';

const acq = await acquireForTests();
afterAll(() => releaseGpu());

describe.skipIf(!acq.ok)(suiteTitle('gpu.js (webgpu mode) CSR integration vs integrate1d', acq), () => {
  it('matches the reference on a random split plan', async () => {
    const plan = randomPlan(60, 40, 90, true, 21);
    const frame = randomFrame(60 * 40, 22);
    const g = new GpuJsCsrIntegrator(acq.ok ? acq.gpu : (null as never), plan);
    const got = await g.integrate(frame);
    g.destroy();
    const ref = integrate1d(plan, frame);
    expect(got.backend).toBe('gpujs-webgpu-csr');
    for (let b = 0; b < plan.npt; b++) {
      expect(Math.abs(got.sumSignal[b] - ref.sumSignal[b])).toBeLessThanOrEqual(2e-5 * Math.max(1, ref.sumSignal[b]));
      expect(Math.abs(got.intensity[b] - ref.intensity[b])).toBeLessThanOrEqual(2e-5 * Math.max(1e-3, Math.abs(ref.intensity[b])));
      expect(got.count[b]).toBeCloseTo(ref.count[b], 4);
    }
  });
});
