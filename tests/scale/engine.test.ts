/**
 * The engine running a pipeline through the distributed executor (real redis-server, real workers) gets
 * the same bits as the main-thread run; a parameter edit recomputes through the queue; a transform that
 * throws shows as a failed item after its retries while its neighbours stay ok.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type NodeData } from '../../src/graph/index.ts';
import { createDistributedExecutor, type DistributedExecutor } from '../../src/distributed/executor.ts';
import { heavyPipeline } from './fixtures/heavy.ts';
import { RedisServer, haveRedis, noRedisReason } from './redis-server.ts';
import { WorkerProcess } from './workers.ts';

if (!haveRedis) console.warn(`SKIPPING tests/scale/engine.test.ts: ${noRedisReason}`);

const bits = (d: NodeData | undefined): string =>
  JSON.stringify(Object.keys(d ?? {}).sort().map((k) => {
    const v = d![k];
    return typeof v === 'number' ? [k, Object.is(v, -0) ? '-0' : String(v)] : [k, Buffer.from((v as Float64Array).buffer, (v as Float64Array).byteOffset, (v as Float64Array).byteLength).toString('base64')];
  }));

describe.skipIf(!haveRedis)('engine over the distributed executor', () => {
  let redis: RedisServer;
  let workers: WorkerProcess[] = [];
  let ex: DistributedExecutor;

  beforeAll(async () => {
    redis = await RedisServer.start();
    workers = await Promise.all([WorkerProcess.start(redis.url), WorkerProcess.start(redis.url)]);
    ex = await createDistributedExecutor({ redis: redis.url, queue: 'beamflow' });
  }, 60_000);

  afterAll(async () => {
    await ex?.close();
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await redis?.stop();
  }, 30_000);

  it('matches the main thread bit for bit, recomputes edits, and fails only the bad item', async () => {
    const items = Array.from({ length: 16 }, (_, i) => {
      const y = new Float64Array(i % 2 ? 30 : 8000);
      for (let j = 0; j < y.length; j++) y[j] = Math.cos(j / (i + 2)) * (i + 1);
      return { id: `s${i}`, name: `s${i}`, entry: 'raw', data: { y }, params: { heavy: { rounds: 3 + i } } };
    });
    const local = createEngine(heavyPipeline);
    const remote = createEngine(heavyPipeline, { executor: ex });
    local.addItems(items);
    remote.addItems(items);
    await Promise.all([local.settled(), remote.settled()]);
    for (const { id } of items) {
      expect(bits(remote.data('smooth', id))).toEqual(bits(local.data('smooth', id)));
      const s = remote.state('smooth', id);
      expect(s?.status === 'ok' && s.backend).toMatch(/^bullmq\(/);
    }
    for (const e of [local, remote]) e.setParams(['s1', 's2'], 'heavy', { rounds: 40 });
    for (const e of [local, remote]) e.setParams(['s3'], 'heavy', { rounds: 2_000_000 });
    await Promise.all([local.settled(), remote.settled()]);
    for (const id of ['s1', 's2']) expect(bits(remote.data('smooth', id))).toEqual(bits(local.data('smooth', id)));
    const bad = remote.state('smooth', 's3');
    expect(bad?.status).toBe('failed');
    if (bad?.status === 'failed') expect(bad.error).toContain('too many rounds: 2000000');
    expect(remote.state('smooth', 's4')?.status).toBe('ok');
    expect(await ex.conn.keys('bf:*')).toEqual([]);
    await local.close();
    await remote.close();
  }, 90_000);
});
