/**
 * The diffraction pipeline on the engine: frames → pattern (params, undo), patterns from the frame pool as
 * items (order, failed frames, combinations), sinogram → tomogram. Data from our own simulator.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, from, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCbf } from '../../src/formats/cbf-write.ts';
import { createEngine } from '../../src/graph/index.ts';
import type { Image2D } from '../../src/graph/types.ts';
import { FramePool } from '../../src/kernels/xrd/frame-pool.ts';
import { parsePoni } from '../../src/formats/poni.ts';
import { xrdPipeline } from '../../src/pipelines/xrd.ts';
import { addFrameReplies, addSinogram, patternItem } from '../../src/pipelines/xrd-stream.ts';
import { DEMO_RINGS, demoGeometry, poniText, simulateFrame } from '../../src/sim/xrd-frames.ts';
import { discPhantom, writeScan } from '../../src/sim/xrd-scan.ts';

const dir = mkdtempSync(join(tmpdir(), 'beamflow-xrd-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const g = demoGeometry(96, 90);
const poni = join(dir, 'demo.poni');
writeFileSync(poni, poniText(g));

function argmax(a: Float64Array): number {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
  return k;
}

describe('xrd pipeline on the engine', () => {
  it('frames → pattern, parameter change and undo', async () => {
    const e = createEngine(xrdPipeline);
    const frame: Image2D = { kind: 'image', rows: g.rows, cols: g.cols, data: simulateFrame(g, { rings: [DEMO_RINGS[0]], background: 5, seed: 3 }) };
    const id = e.addItem({ name: 'f0', entry: 'frames', data: { frame }, params: { integrate: { poni, npt: 300, method: 'no' } } });
    await e.settled();
    const p = e.data('pattern', id)!;
    const radial = p.radial as Float64Array;
    expect(radial.length).toBe(300);
    // The ring's 2θ is where the pattern peaks.
    expect(Math.abs(radial[argmax(p.intensity as Float64Array)] - DEMO_RINGS[0].tthDeg)).toBeLessThan(0.15);
    e.setParams([id], 'integrate', { npt: 150, method: 'full' });
    await e.settled();
    expect((e.data('pattern', id)!.radial as Float64Array).length).toBe(150);
    e.undo();
    await e.settled();
    expect((e.data('pattern', id)!.radial as Float64Array).length).toBe(300);
    await e.close();
  });

  it("the integrate transform runs in the engine's worker pool with the same result", async () => {
    const frame: Image2D = { kind: 'image', rows: g.rows, cols: g.cols, data: simulateFrame(g, { rings: DEMO_RINGS, background: 5, seed: 9 }) };
    const main = createEngine(xrdPipeline);
    const pooled = createEngine(xrdPipeline, { workers: 2 });
    const input = { id: 'f', name: 'f', entry: 'frames', data: { frame }, params: { integrate: { poni, npt: 250 } } };
    main.addItem(input);
    pooled.addItem(input);
    await Promise.all([main.settled(), pooled.settled()]);
    const s = pooled.state('pattern', 'f')!;
    expect(s.status === 'ok' && s.backend).toBe('pool(2)');
    expect(pooled.data('pattern', 'f')!.intensity).toEqual(main.data('pattern', 'f')!.intensity);
    await main.close();
    await pooled.close();
  });

  it('a missing PONI fails the item with a clear message', async () => {
    const e = createEngine(xrdPipeline);
    const frame: Image2D = { kind: 'image', rows: g.rows, cols: g.cols, data: new Int32Array(g.rows * g.cols) };
    const id = e.addItem({ name: 'f', entry: 'frames', data: { frame }, params: { integrate: { poni: join(dir, 'nope.poni') } } });
    await e.settled();
    const s = e.state('pattern', id)!;
    expect(s.status).toBe('failed');
    if (s.status === 'failed') expect(s.error).toContain('nope.poni');
    await e.close();
  });

  it('frame pool → pattern items in frame order, a bad frame as a failed item, then sinogram → tomogram', async () => {
    const size = 12;
    const scanDir = join(dir, 'scan');
    const files = writeScan(scanDir, g, { nRot: 8, nTrans: size, phases: discPhantom(size).slice(0, 1), size, background: 2 });
    const bad = join(dir, 'broken.cbf');
    const good = writeCbf({ rows: g.rows, cols: g.cols, data: new Int32Array(g.rows * g.cols) });
    writeFileSync(bad, good.subarray(0, good.length - 5000));
    const pool = new FramePool({ workers: 2 });
    const e = createEngine(xrdPipeline);
    const setup = { geometry: parsePoni(poniText(g), 'demo.poni'), npt: 200, unit: '2th_deg' as const, method: 'bbox' as const, polarization: 0.99, solidAngle: true, maskFile: null };
    try {
      const replies = await firstValueFrom(pool.integrate(from([...files, bad]), setup).pipe(toArray()));
      expect(replies.map((r) => r.index)).toEqual(replies.map((_, i) => i));
      const ids: string[] = [];
      addFrameReplies(e, from(replies), (id) => ids.push(id));
      await e.settled();
      expect(ids.length).toBe(files.length + 1);
      const failed = e.state('pattern', ids[ids.length - 1])!;
      expect(failed.status).toBe('failed');
      if (failed.status === 'failed') expect(failed.error).toMatch(/broken\.cbf.*truncated/);
      expect(patternItem(replies[0]).name).toBe('frame_000_000');
      // Patterns behave like any spectrum: an average of two of them.
      const avg = e.addCombination({ name: 'avg', op: 'average', parents: [ids[0], ids[1]], node: 'pattern' });
      await e.settled();
      const a = e.data('pattern', avg)!.intensity as Float64Array;
      const i0 = e.data('pattern', ids[0])!.intensity as Float64Array;
      const i1 = e.data('pattern', ids[1])!.intensity as Float64Array;
      expect(a[100]).toBeCloseTo((i0[100] + i1[100]) / 2, 9);
      // Sinogram of the first ring's bins, then FBP.
      const radial = e.data('pattern', ids[0])!.radial as Float64Array;
      const ring = DEMO_RINGS[0];
      const lo = radial.findIndex((r) => r > ring.tthDeg - 3 * ring.widthDeg);
      const hi = radial.findIndex((r) => r > ring.tthDeg + 3 * ring.widthDeg);
      const sino = addSinogram(e, 'scan', ids.slice(0, files.length), { nRot: 8, nTrans: size });
      e.setParams([sino], 'reconstruct', { binLo: lo, binHi: hi, background: 4 });
      await e.settled();
      const tomo = e.data('tomogram', sino)!.tomogram as Image2D;
      expect([tomo.rows, tomo.cols]).toEqual([size, size]);
      // The reconstruction is brightest inside the phantom's disc.
      const phantom = discPhantom(size)[0];
      let inside = 0, nIn = 0, outside = 0, nOut = 0;
      for (let k = 0; k < phantom.length; k++) {
        if (phantom[k] > 0) { inside += tomo.data[k]; nIn++; } else { outside += tomo.data[k]; nOut++; }
      }
      expect(inside / nIn).toBeGreaterThan(3 * Math.abs(outside / nOut));
    } finally {
      await pool.close();
      await e.close();
    }
  });
});
