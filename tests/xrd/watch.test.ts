/** Live acquisition: frames appearing in a directory (one written in two steps) are integrated in order. */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCbf } from '../../src/formats/cbf-write.ts';
import { FramePool } from '../../src/kernels/xrd/frame-pool.ts';
import { watchFrames } from '../../src/kernels/xrd/watch-dir.ts';
import { DEMO_RINGS, demoGeometry, simulateFrame } from '../../src/sim/xrd-frames.ts';

const dir = mkdtempSync(join(tmpdir(), 'beamflow-xrd-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchFrames + FramePool', () => {
  it('emits each file once, after it stops growing, and the pool keeps the order', async () => {
    const g = demoGeometry(64, 60);
    const cbf = (seed: number) => writeCbf({ rows: g.rows, cols: g.cols, data: simulateFrame(g, { rings: DEMO_RINGS, background: 3, seed }) });
    writeFileSync(join(dir, 'f_000.cbf'), cbf(1));
    writeFileSync(join(dir, 'notes.txt'), 'not a frame');
    const files$ = watchFrames(dir, { intervalMs: 150, idleMs: 2000 });
    const pool = new FramePool({ workers: 2 });
    const setup = { geometry: g, npt: 100, unit: '2th_deg' as const, method: 'no' as const, polarization: null, solidAngle: true, maskFile: null };
    const done = firstValueFrom(pool.integrate(files$, setup).pipe(toArray()));
    await sleep(400);
    const half = cbf(2);
    writeFileSync(join(dir, 'f_001.cbf'), half.subarray(0, 1000));
    await sleep(20);
    appendFileSync(join(dir, 'f_001.cbf'), half.subarray(1000));
    await sleep(400);
    writeFileSync(join(dir, 'f_002.cbf'), cbf(3));
    const replies = await done;
    await pool.close();
    expect(replies.map((r) => r.file)).toEqual(['f_000.cbf', 'f_001.cbf', 'f_002.cbf'].map((n) => join(dir, n)));
    expect(replies.map((r) => r.index)).toEqual([0, 1, 2]);
    for (const r of replies) expect(r.ok).toBe(true);
  });
});
