/** The frame pool with one plan shared by its workers gives what each worker's own plan and integrate1d give. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, from, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCbf } from '../../src/formats/cbf-write.ts';
import { FramePool } from '../../src/kernels/xrd/frame-pool.ts';
import type { FrameReply, IntegrationSetup } from '../../src/kernels/xrd/frame-task.ts';
import { integrate1d } from '../../src/kernels/xrd/integrate.ts';
import { residentBytes, writeResidentLayout } from '../../src/kernels/xrd/integrate-wasm.ts';
import { pixelMajorOf } from '../../src/kernels/xrd/pixel-major.ts';
import { WasmArena } from '../../src/kernels/xrd/wasm-arena.ts';
import { buildPlan } from '../../src/kernels/xrd/plan.ts';
import { openSharedPlan, sharePlan } from '../../src/kernels/xrd/shared-plan.ts';
import { DEMO_RINGS, demoGeometry, simulateFrame } from '../../src/sim/xrd-frames.ts';

const dir = mkdtempSync(join(tmpdir(), 'beamflow-xrd-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const g = demoGeometry(96, 80);
const frames = [1, 2, 3, 4, 5].map((seed) => simulateFrame(g, { rings: DEMO_RINGS, background: 3, seed }));
const files = frames.map((data, i) => {
  const f = join(dir, `f_${i}.cbf`);
  writeFileSync(f, writeCbf({ rows: g.rows, cols: g.cols, data }));
  return f;
});
const wrongSize = join(dir, 'small.cbf');
writeFileSync(wrongSize, writeCbf({ rows: 10, cols: 8, data: new Int32Array(80) }));

async function run(pool: FramePool, setup: IntegrationSetup, list: string[]): Promise<FrameReply[]> {
  return firstValueFrom(pool.integrate(from(list), setup).pipe(toArray()));
}

describe('FramePool with a shared plan', () => {
  for (const method of ['no', 'bbox', 'full'] as const) {
    it(`${method}: same patterns as workers with their own plans and as integrate1d on this thread`, async () => {
      const setup: IntegrationSetup = { geometry: g, npt: 150, unit: '2th_deg', method, polarization: 0.99, solidAngle: true, maskFile: null };
      const shared = new FramePool({ workers: 2 });
      const own = new FramePool({ workers: 2, sharePlan: false });
      try {
        const a = await run(shared, setup, [...files, wrongSize]);
        const b = await run(own, setup, files);
        const plan = buildPlan(g, { npt: 150, unit: '2th_deg', method, mask: null, solidAngle: true, polarization: 0.99 });
        for (let i = 0; i < files.length; i++) {
          const ra = a[i], rb = b[i];
          expect(ra.ok && rb.ok).toBe(true);
          if (!ra.ok || !rb.ok) continue;
          expect(ra.backend).toBe('wasm-simd-pixel-major-shared');
          const local = integrate1d(plan, frames[i]);
          expect(Array.from(ra.intensity)).toEqual(Array.from(rb.intensity));
          expect(Array.from(ra.intensity)).toEqual(Array.from(local.intensity));
          expect(Array.from(ra.sigma)).toEqual(Array.from(local.sigma));
          expect(Array.from(ra.radial)).toEqual(Array.from(local.radial));
        }
        const last = a[files.length];
        expect(last.ok).toBe(false);
        if (!last.ok) expect(last.error).toMatch(/small\.cbf: frame is 10 × 8, geometry expects 96 × 80/);
      } finally {
        await shared.close();
        await own.close();
      }
    });
  }

  it('dummy values go through the CSR product of the shared plan', async () => {
    const setup: IntegrationSetup = { geometry: g, npt: 100, unit: 'q_nm^-1', method: 'bbox', polarization: null, solidAngle: true, maskFile: null, dummy: 3 };
    const pool = new FramePool({ workers: 1 });
    try {
      const [r] = await run(pool, setup, files.slice(0, 1));
      const plan = buildPlan(g, { npt: 100, unit: 'q_nm^-1', method: 'bbox', mask: null, solidAngle: true, polarization: null });
      const local = integrate1d(plan, frames[0], { dummy: 3 });
      expect(r.ok && r.backend).toBe('ts-csr');
      expect(r.ok && Array.from(r.intensity)).toEqual(Array.from(local.intensity));
    } finally {
      await pool.close();
    }
  });

  for (const method of ['no', 'bbox', 'full'] as const) {
    it(`${method}: the shared layout and sums, made from the CSR arrays, are byte for byte those made from the pixel-major layout`, () => {
      const mask = new Uint8Array(g.rows * g.cols).map((_, k) => (k % 97 === 0 ? 1 : 0));
      const plan = buildPlan(g, { npt: 140, unit: '2th_deg', method, mask, solidAngle: true, polarization: 0.9 });
      const h = sharePlan(plan);
      const local = WasmArena.local();
      const at = local.alloc(residentBytes(plan)!);
      const ref = writeResidentLayout(local, plan, at)!;
      const l = h.layout!;
      expect([l.n, l.npt, l.weightCount]).toEqual([ref.n, ref.npt, ref.weightCount]);
      const bytes = (m: WebAssembly.Memory, off: number, len: number) => Array.from(new Uint8Array(m.buffer, off, len));
      expect(bytes(h.memory, l.span, l.n)).toEqual(bytes(local.memory, ref.span, ref.n));
      expect(bytes(h.memory, l.first, 2 * l.n)).toEqual(bytes(local.memory, ref.first, 2 * ref.n));
      expect(bytes(h.memory, l.weights, 4 * l.weightCount)).toEqual(bytes(local.memory, ref.weights, 4 * ref.weightCount));
      const opened = openSharedPlan(h);
      expect(Array.from(opened.sumNormalization)).toEqual(Array.from(pixelMajorOf(plan).sumNormalization));
      expect(Array.from(opened.count)).toEqual(Array.from(pixelMajorOf(plan).count));
    });
  }

  it('a shared plan opened elsewhere is the same plan, as views on one shared memory', () => {
    const plan = buildPlan(g, { npt: 120, unit: '2th_deg', method: 'full', mask: null, solidAngle: true, polarization: 0.95 });
    const h = sharePlan(plan);
    const opened = openSharedPlan(structuredClone(h));
    expect(opened.plan.indices.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const k of ['indptr', 'indices', 'weights', 'norm', 'radial'] as const) expect(Array.from(opened.plan[k])).toEqual(Array.from(plan[k]));
    expect(opened.plan.key).toBe(plan.key);
    expect(Array.from(integrate1d(opened.plan, frames[0]).intensity)).toEqual(Array.from(integrate1d(plan, frames[0]).intensity));
  });
});
