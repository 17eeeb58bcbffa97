import { afterAll, describe, expect, it } from 'vitest';
import { releaseGpu } from '../../src/kernels/gpu/device.ts';
import { createIntegrateBackends } from '../../src/kernels/gpu/integrate-backends.ts';
import { KernelRegistry } from '../../src/kernels/gpu/registry.ts';
import { WorkersIntegrator } from '../../src/kernels/gpu/workers-integrator.ts';
import { integrate1d } from '../../src/kernels/xrd/integrate.ts';
import { acquireForTests } from './gpu-setup.ts';
import { randomFrame, randomPlan } from './random-plan.ts';

const acq = await acquireForTests();
afterAll(() => releaseGpu());

describe('backend registry degrades GPU → workers → TypeScript', () => {
  it('takes the first available backend in tier order and says why it skipped the others', async () => {
    const r = new KernelRegistry<() => string>('k')
      .register({ name: 'ts', tier: 'typescript', probe: async () => null, run: () => 'ts' })
      .register({ name: 'gpu', tier: 'gpu', probe: async () => 'no adapter', run: () => 'gpu' })
      .register({ name: 'pool', tier: 'workers', probe: async () => null, run: () => 'pool' });
    const c = await r.choose();
    expect(c.backend.name).toBe('pool');
    expect(c.skipped).toEqual([{ name: 'gpu', reason: 'no adapter' }]);
    expect((await r.choose({ exclude: ['pool'] })).backend.run()).toBe('ts');
    expect((await r.choose({ from: 'typescript' })).backend.name).toBe('ts');
  });

  it('fails with every reason when nothing can run, and refuses duplicate names', async () => {
    const r = new KernelRegistry<() => void>('k').register({ name: 'a', tier: 'gpu', probe: async () => 'nope', run: () => {} });
    await expect(r.choose()).rejects.toThrow(/a: nope/);
    expect(() => r.register({ name: 'a', tier: 'gpu', probe: async () => null, run: () => {} })).toThrow(/twice/);
  });

  it('the integration registry picks WebGPU where an adapter exists, and every backend agrees with integrate1d', async () => {
    const { registry, close } = createIntegrateBackends();
    const choice = await registry.choose();
    expect(choice.backend.name).toBe(acq.ok ? 'webgpu-csr' : 'workers-csr');
    const plan = randomPlan(40, 50, 70, true, 31);
    const frame = randomFrame(40 * 50, 32);
    const ref = integrate1d(plan, frame);
    for (const b of registry.list()) {
      if ((await b.probe()) !== null) continue;
      const got = await b.run(plan, frame);
      for (let k = 0; k < plan.npt; k++) {
        expect(Math.abs(got.intensity[k] - ref.intensity[k])).toBeLessThanOrEqual(2e-5 * Math.max(1e-3, Math.abs(ref.intensity[k])));
      }
    }
    await close();
  });

  it('the workers integrator splits bins over threads and matches integrate1d exactly (same float64 sums)', async () => {
    const w = new WorkersIntegrator(2);
    const plan = randomPlan(64, 64, 200, true, 41);
    const frame = randomFrame(64 * 64, 42);
    const got = await w.integrate(plan, frame, { dummy: -1 });
    const ref = integrate1d(plan, frame, { dummy: -1 });
    expect(got.sumSignal).toEqual(ref.sumSignal);
    expect(got.intensity).toEqual(ref.intensity);
    await w.close();
  });
});
