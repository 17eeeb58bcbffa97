/**
 * The distributed executor against a real redis-server and real `beamflow worker` processes:
 * same bits as the main thread, in order; a SIGKILLed worker's job is redelivered in seconds; a Redis
 * restart is ridden through; a poison job fails with its error after its retries. No payload key is left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDistributedExecutor, type DistributedExecutor } from '../../src/distributed/executor.ts';
import type { TaskResult, TransformTask } from '../../src/graph/exec/executor.ts';
import type { NodeData } from '../../src/graph/types.ts';
import { heavy, readRaw, slow } from './fixtures/heavy.ts';
import { frameStats, h5FrameStats } from './fixtures/frames.ts';
import { createH5Writer, openH5Source } from '../../src/formats/chunked/h5.ts';
import type { Image2D } from '../../src/graph/types.ts';
import { RedisServer, haveRedis, noRedisReason } from './redis-server.ts';
import { WorkerProcess } from './workers.ts';

if (!haveRedis) console.warn(`SKIPPING tests/scale/distributed.test.ts: ${noRedisReason}`);

function spectrum(n: number, seed: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(i * 0.01 * (seed + 1)) + seed;
  return y;
}

function task(t: typeof heavy | typeof slow | typeof readRaw | typeof h5FrameStats, item: string, input: NodeData, params: Record<string, number | string>): TransformTask {
  if (!t.location) throw new Error('fixture without location');
  return { item, transform: t.name, location: t.location, params, input };
}

function expectOk(r: TaskResult): NodeData {
  if (!r.ok) throw new Error(`task failed: ${r.error}`);
  return r.data;
}

describe.skipIf(!haveRedis)('distributed executor (real redis-server, real workers)', () => {
  let redis: RedisServer;
  let workers: WorkerProcess[] = [];
  let ex: DistributedExecutor;
  let dir: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
    dir = mkdtempSync(join(tmpdir(), 'bf-scale-'));
    workers = await Promise.all([WorkerProcess.start(redis.url), WorkerProcess.start(redis.url)]);
    ex = await createDistributedExecutor({ redis: redis.url });
  }, 60_000);

  afterAll(async () => {
    await ex?.close();
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  async function leftoverKeys(): Promise<string[]> {
    return ex.conn.keys('bf:*');
  }

  it('gives the main thread’s bits, in order, for small (inline) and large (Redis key) payloads', async () => {
    const tasks = Array.from({ length: 24 }, (_, i) => task(heavy, `s${i}`, { y: spectrum(i % 3 === 0 ? 50 : 20_000, i), e0: i + 0.5 }, { rounds: 5 + (i % 4) }));
    const results = await ex.run(tasks);
    expect(results).toHaveLength(tasks.length);
    results.forEach((r, i) => {
      const want = heavy.run(tasks[i].input, { rounds: tasks[i].params.rounds as number });
      const got = expectOk(r);
      expect(got.y).toBeInstanceOf(Float64Array);
      expect(Buffer.from((got.y as Float64Array).buffer).equals(Buffer.from((want.y as Float64Array).buffer))).toBe(true);
      expect(Object.is(got.total, want.total)).toBe(true);
      expect(r.backend).toMatch(/^bullmq\(/);
    });
    expect(await leftoverKeys()).toEqual([]);
    // Jobs carry references: even the 160 kB inputs left only a key name in the job data.
    const jobs = await ex.queue.getJobs(['completed']);
    expect(jobs.length).toBeGreaterThanOrEqual(tasks.length);
    for (const j of jobs) expect(JSON.stringify(j.data).length).toBeLessThan(1024);
  }, 60_000);

  it('runs frames by reference (HDF5 file, dataset, slice index): workers read the slice themselves', async () => {
    const file = join(dir, 'frames.h5');
    const w = await createH5Writer(file, { dataset: '/entry/data', sliceShape: [128, 96], dtype: 'uint32' });
    for (let i = 0; i < 8; i++) w.append(Uint32Array.from({ length: 128 * 96 }, (_, j) => (i * 7919 + j * 31) % 100_003));
    w.close();
    const tasks = Array.from({ length: 8 }, (_, i) => task(h5FrameStats, `f${i}`, { index: i }, { file, dataset: '/entry/data' }));
    const results = await ex.run(tasks);
    const src = await openH5Source(file, '/entry/data');
    for (let i = 0; i < 8; i++) {
      const want = frameStats((await src.read(i)) as Image2D);
      const got = expectOk(results[i]);
      expect(got.sum).toBe(want.sum);
      expect(got.max).toBe(want.max);
      expect(Array.from(got.rows as Float64Array)).toEqual(Array.from(want.rows));
    }
    src.close();
    const bad = await ex.run([task(h5FrameStats, 'f99', { index: 99 }, { file, dataset: '/entry/data' })]);
    expect(bad[0]).toMatchObject({ ok: false, error: expect.stringContaining('slice 99 is outside 0..7') });
  }, 60_000);

  it('fails a poison job (bad file, missing file, forbidden module) with its error and keeps the others', async () => {
    const good = join(dir, 'good.f64');
    const bad = join(dir, 'bad.f64');
    writeFileSync(good, Buffer.from(spectrum(1000, 3).buffer));
    writeFileSync(bad, Buffer.alloc(1001));
    const forbidden: TransformTask = { ...task(heavy, 'evil', { y: spectrum(10, 1) }, { rounds: 1 }), location: { module: 'file:///tmp/evil.ts', exportName: 'x' } };
    const results = await ex.run([
      task(readRaw, 'good', {}, { file: good }),
      task(readRaw, 'bad', {}, { file: bad }),
      task(readRaw, 'missing', {}, { file: join(dir, 'nope.f64') }),
      forbidden,
    ]);
    expect(results[0].ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, error: expect.stringContaining('not a whole number of float64') });
    expect(results[2]).toMatchObject({ ok: false, error: expect.stringContaining('ENOENT') });
    expect(results[3]).toMatchObject({ ok: false, error: expect.stringContaining('outside the allowed prefixes') });
    const attempts = workers.flatMap((w) => w.events).filter((e) => e.event === 'active' && e.item === 'bad');
    expect(attempts.map((e) => (e.event === 'active' ? e.attempt : 0)).sort()).toEqual([1, 2]);
    const forbiddenTries = workers.flatMap((w) => w.events).filter((e) => e.event === 'active' && e.item === 'evil');
    expect(forbiddenTries).toHaveLength(1); // unrecoverable: not retried
    expect(await leftoverKeys()).toEqual([]);
  }, 60_000);

  it('rides through a Redis restart in the middle of a batch', async () => {
    const tasks = Array.from({ length: 16 }, (_, i) => task(heavy, `r${i}`, { y: spectrum(20_000, i) }, { rounds: 300 }));
    const pending = ex.run(tasks);
    await workers[0].waitFor((e) => e.event === 'completed' && e.item.startsWith('r'), 30_000);
    await redis.restart(500);
    const results = await pending;
    results.forEach((r, i) => {
      const want = heavy.run(tasks[i].input, { rounds: 300 });
      expect(Buffer.from((expectOk(r).y as Float64Array).buffer).equals(Buffer.from((want.y as Float64Array).buffer))).toBe(true);
    });
    expect(await leftoverKeys()).toEqual([]);
  }, 90_000);

  it('resubmits the jobs of a Redis that came back empty (no persistence)', async () => {
    const tasks = Array.from({ length: 12 }, (_, i) => task(slow, `w${i}`, { y: spectrum(3000, i) }, { ms: 300 }));
    const before = ex.stats.resubmitted;
    const pending = ex.run(tasks);
    await workers[1].waitFor((e) => e.event === 'completed' && e.item.startsWith('w'), 30_000);
    await redis.restart(200, true);
    const results = await pending;
    results.forEach((r, i) => {
      const want = slow.run(tasks[i].input, { ms: 0 });
      expect(Buffer.from((expectOk(r).y as Float64Array).buffer).equals(Buffer.from((want.y as Float64Array).buffer))).toBe(true);
    });
    expect(ex.stats.resubmitted - before).toBeGreaterThan(0);
    expect(await leftoverKeys()).toEqual([]);
  }, 90_000);

  it('redelivers the job of a SIGKILLed worker within seconds; nothing lost or duplicated', async () => {
    const tasks = Array.from({ length: 4 }, (_, i) => task(slow, `k${i}`, { y: spectrum(5000, i) }, { ms: 1200 }));
    const t0 = Date.now();
    const pending = ex.run(tasks);
    const victim = workers[0];
    const active = await victim.waitFor((e) => e.event === 'active' && e.item.startsWith('k'), 30_000);
    await victim.stop('SIGKILL');
    const killedItem = active.event === 'active' ? active.item : '';
    const results = await pending;
    const elapsed = Date.now() - t0;
    results.forEach((r, i) => {
      const want = slow.run(tasks[i].input, { ms: 0 });
      expect(Buffer.from((expectOk(r).y as Float64Array).buffer).equals(Buffer.from((want.y as Float64Array).buffer))).toBe(true);
    });
    // The survivor picked the killed job up again and completed it exactly once.
    const survivor = workers[1];
    const done = survivor.events.filter((e) => e.event === 'completed' && e.item === killedItem);
    expect(done).toHaveLength(1);
    // 4 jobs of 1.2 s on one survivor ≈ 5 s; redelivery adds lockMs + stalledMs at most (≈ 6 s), not 30 s.
    expect(elapsed).toBeLessThan(20_000);
    console.log(`SIGKILL test: killed worker held '${killedItem}'; batch of 4 done in ${elapsed} ms`);
    expect(await leftoverKeys()).toEqual([]);
  }, 90_000);
});
