import { afterAll, describe, expect, test } from 'vitest';
import { createEngine, definePipeline, PoolExecutor, pack, unpack, type NodeData } from '../../src/graph/index.ts';
import type { Executor, TaskResult, TransformTask } from '../../src/graph/exec/executor.ts';
import { deriv, derivNode, ramp, raw, scale, scaledNode, smooth, smoothNode, toyPipeline } from './fixtures/toy.ts';

/** Delegates to a pool and records each batch's tasks (transform and chained transforms). */
class Recording implements Executor {
  readonly name: string;
  readonly chains = true;
  readonly batches: string[][] = [];
  constructor(private readonly inner: PoolExecutor) {
    this.name = inner.name;
  }
  run(tasks: readonly TransformTask[]): Promise<TaskResult[]> {
    this.batches.push(tasks.map((t) => [t.transform, ...(t.then ?? []).map((l) => l.transform)].join('>')));
    return this.inner.run(tasks);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const bits = (d: NodeData | undefined): number[][] =>
  Object.keys(d ?? {}).sort().map((k) => Array.from(new Uint8Array((d![k] as Float64Array).buffer, (d![k] as Float64Array).byteOffset, (d![k] as Float64Array).byteLength)));

describe('worker pool', () => {
  const pools: PoolExecutor[] = [];
  afterAll(async () => {
    for (const p of pools) await p.close();
  });

  test('gives the same bits as the main thread, and records the backend', async () => {
    const seq = createEngine(toyPipeline);
    const pool = new PoolExecutor({ threads: 2 });
    pools.push(pool);
    const par = createEngine(toyPipeline, { executor: pool });
    const inputs = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, name: `s${i}`, entry: 'raw', data: ramp(200, 1 + i / 7), params: { smooth: { window: 1 + (i % 5) * 2 } } }));
    seq.addItems(inputs);
    par.addItems(inputs);
    await Promise.all([seq.settled(), par.settled()]);
    for (const { id } of inputs) expect(bits(par.data('deriv', id))).toEqual(bits(seq.data('deriv', id)));
    const s = par.state('deriv', 's3')!;
    expect(s.status === 'ok' && s.backend).toBe('pool(2)');
    // Errors thrown inside a worker fail only that item.
    par.setParams(['s5'], 'scale', { factor: 13 });
    await par.settled();
    const f = par.state('deriv', 's5')!;
    expect(f.status).toBe('failed');
    if (f.status === 'failed') expect(f.error).toBe('unlucky factor 13');
    expect(par.state('deriv', 's6')!.status).toBe('ok');
    await seq.close();
    await par.close();
  });

  test('a crashing worker is replaced, its batch retried, and only the poisonous item fails', async () => {
    const pool = new PoolExecutor({ threads: 2, crashOnItem: 's2' });
    pools.push(pool);
    const e = createEngine(toyPipeline, { executor: pool });
    e.addItems(Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, name: `s${i}`, entry: 'raw', data: ramp(50) })));
    await e.settled();
    expect(pool.crashes).toBeGreaterThanOrEqual(2);
    const bad = e.state('scaled', 's2')!;
    expect(bad.status).toBe('failed');
    if (bad.status === 'failed') expect(bad.error).toMatch(/worker crashed twice/);
    for (const id of ['s0', 's1', 's3', 's4', 's5']) expect(e.state('deriv', id)!.status).toBe('ok');
    await e.close();
  });

  test('after measuring, cheap transforms stay on the main thread and heavy ones go to the pool', async () => {
    const pool = new PoolExecutor({ threads: 2 });
    pools.push(pool);
    const e = createEngine(toyPipeline, { executor: pool });
    const batch = (tag: string) => Array.from({ length: 16 }, (_, i) => ({ id: `${tag}${i}`, name: `${tag}${i}`, entry: 'raw', data: ramp(2000), params: { deriv: { heavy: 300 } } }));
    e.addItems(batch('w'));
    await e.settled();
    const backends = new Map<string, Set<string>>();
    e.runs$.subscribe((r) => backends.set(r.transform, (backends.get(r.transform) ?? new Set()).add(r.backend)));
    e.addItems(batch('x'));
    await e.settled();
    expect([...backends.get('scale')!]).toEqual(['main']);
    expect([...backends.get('deriv')!]).toEqual(['pool(2)']);
    await e.close();
  });

  test('a shipped transform takes the linear chain after it: the next nodes run in the same worker task', async () => {
    const line = definePipeline({ nodes: [raw, scaledNode, smoothNode, derivNode], transforms: [scale, smooth, deriv] });
    const pool = new PoolExecutor({ threads: 2 });
    pools.push(pool);
    const rec = new Recording(pool);
    const par = createEngine(line, { executor: rec });
    const seq = createEngine(line);
    const runs: string[] = [];
    par.runs$.subscribe((r) => runs.push(`${r.transform}@${r.node}:${r.backend}`));
    const inputs = Array.from({ length: 24 }, (_, i) => ({ id: `s${i}`, name: `s${i}`, entry: 'raw', data: ramp(300, 1 + i / 5), params: { smooth: { window: 1 + (i % 4) * 2 } } }));
    par.addItems(inputs);
    seq.addItems(inputs);
    await Promise.all([par.settled(), seq.settled()]);
    // One batch at 'scaled' carried smooth and deriv; nothing was shipped for the later nodes.
    expect(rec.batches).toEqual([inputs.map(() => 'scale>smooth>deriv')]);
    expect(runs.filter((r) => r.startsWith('deriv@deriv:pool(2)'))).toHaveLength(24);
    for (const { id } of inputs) {
      expect(bits(par.data('deriv', id))).toEqual(bits(seq.data('deriv', id)));
      expect(bits(par.data('smooth', id))).toEqual(bits(seq.data('smooth', id)));
    }
    // An item stopped at 'smooth' is chained no further; a failed head fails the nodes after it. (A fresh
    // engine: this one has learnt that these transforms are cheap and keeps them on the main thread now.)
    rec.batches.length = 0;
    const fresh = createEngine(line, { executor: rec });
    fresh.addItems([
      { id: 'cut', name: 'cut', entry: 'raw', stop: 'smooth', data: ramp(100) },
      { id: 'bad', name: 'bad', entry: 'raw', data: ramp(100), params: { scale: { factor: 13 } } },
    ]);
    await fresh.settled();
    expect(rec.batches).toEqual([['scale>smooth', 'scale>smooth>deriv']]);
    expect(fresh.state('smooth', 'cut')!.status).toBe('ok');
    expect(fresh.state('deriv', 'cut')).toBeUndefined();
    const bad = fresh.state('deriv', 'bad')!;
    expect(bad.status === 'failed' && bad.error).toBe('unlucky factor 13');
    // Undo and redo hit the cache: nothing runs.
    const before = runs.length;
    par.setParams(['s3'], 'smooth', { window: 9 });
    await par.settled();
    expect(runs.length - before).toBe(2);
    par.undo();
    par.redo();
    await par.settled();
    expect(runs.length - before).toBe(2);
    await fresh.close();
    await par.close();
    await seq.close();
  });

  test('pack/unpack keeps array types, images and numbers', () => {
    const d: NodeData = {
      a: new Float64Array([1.5, -2]),
      b: new Int32Array([7, -8, 9]),
      c: 3.25,
      img: { kind: 'image', rows: 2, cols: 2, data: new Uint16Array([1, 2, 3, 65535]) },
      e: new Float32Array([0.1]).subarray(0, 1),
    };
    const [back] = unpack(pack([d]));
    expect(back.a).toBeInstanceOf(Float64Array);
    expect(Array.from(back.a as Float64Array)).toEqual([1.5, -2]);
    expect(Array.from(back.b as Int32Array)).toEqual([7, -8, 9]);
    expect(back.c).toBe(3.25);
    expect(back.img).toMatchObject({ kind: 'image', rows: 2, cols: 2 });
    expect(Array.from((back.img as { data: Uint16Array }).data)).toEqual([1, 2, 3, 65535]);
    expect((back.e as Float32Array)[0]).toBe(new Float32Array([0.1])[0]);
  });
});
