/**
 * The CPU layouts agree with the bin-major CSR reference bit for bit (same sums, same order): integer frames
 * (compact pixel-major path), float frames with NaN pixels (general path), all three methods, and the
 * plan cache's rebuild reasons.
 */
import { describe, expect, it } from 'vitest';
import { integrate1d, integrateCsr } from '../../src/kernels/xrd/integrate.ts';
import { buildPlan } from '../../src/kernels/xrd/plan.ts';
import { PlanCache, rebuildReason } from '../../src/kernels/xrd/plan-cache.ts';
import { DEMO_RINGS, demoGeometry, simulateFrame } from '../../src/sim/xrd-frames.ts';

const g = demoGeometry(80, 72);
const frame = simulateFrame(g, { rings: DEMO_RINGS, background: 10, seed: 4 });
const mask = new Uint8Array(g.rows * g.cols);
for (let k = 0; k < mask.length; k += 37) mask[k] = 1;

describe('CPU integration paths vs the CSR reference', () => {
  for (const method of ['no', 'bbox', 'full'] as const) {
    it(method, () => {
      const plan = buildPlan(g, { npt: 120, unit: 'q_nm^-1', method, mask, solidAngle: true, polarization: 0.95 });
      const ref = integrateCsr(plan, frame);
      const fast = integrate1d(plan, frame);
      expect(['ts-pixel-major', 'wasm-simd-pixel-major']).toContain(fast.backend);
      for (const key of ['intensity', 'sigma', 'sumSignal', 'sumVariance', 'sumNormalization', 'count'] as const) expect(fast[key]).toEqual(ref[key]);
      const f = Float32Array.from(frame);
      f[100] = Number.NaN;
      f[2000] = Number.NaN;
      const refF = integrateCsr(plan, f);
      const fastF = integrate1d(plan, f);
      for (const key of ['intensity', 'sigma', 'count'] as const) expect(fastF[key]).toEqual(refF[key]);
      // The NaN pixels were left out: fewer counts than the integer frame somewhere.
      expect(refF.count.reduce((a, b) => a + b, 0)).toBeLessThan(ref.count.reduce((a, b) => a + b, 0));
    });
  }

  it('dummy values are left out', () => {
    const plan = buildPlan(g, { npt: 60, unit: '2th_deg', method: 'bbox', mask: null, solidAngle: false, polarization: null });
    const withDummies = frame.slice();
    for (let k = 0; k < withDummies.length; k += 11) withDummies[k] = -1;
    const a = integrate1d(plan, withDummies, { dummy: -1 });
    const b = integrate1d(plan, withDummies);
    expect(a.count.reduce((x, y) => x + y, 0)).toBeLessThan(b.count.reduce((x, y) => x + y, 0));
    for (let i = 0; i < 60; i++) if (a.count[i] > 0) expect(a.intensity[i]).toBeGreaterThanOrEqual(0);
  });
});

describe('plan cache', () => {
  it('reuses plans and logs why it rebuilds', () => {
    const log: string[] = [];
    const cache = new PlanCache((m) => log.push(m));
    const o = { npt: 50, unit: '2th_deg' as const, method: 'no' as const, mask, solidAngle: true, polarization: 0.99 };
    const p1 = cache.get(g, o);
    expect(cache.get(g, { ...o })).toBe(p1);
    cache.get(g, { ...o, npt: 80 });
    cache.get({ ...g, dist: 0.2 }, { ...o, npt: 80 });
    expect(cache.builds).toBe(3);
    expect(log[0]).toMatch(/first plan/);
    expect(log[1]).toMatch(/npt 50 → 80/);
    expect(log[2]).toMatch(/geo changed/);
    expect(rebuildReason('a=1;b=2', 'a=1;b=3')).toBe('b 2 → 3');
  });
});
