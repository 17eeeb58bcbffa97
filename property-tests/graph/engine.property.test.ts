import fc from 'fast-check';
import { is } from 'immutable';
import { afterAll, describe, expect, test } from 'vitest';
import { createEngine, PoolExecutor } from '../../src/graph/index.ts';
import { diamondPipeline, toyPipeline } from '../../tests/graph/fixtures/toy.ts';
import { applyOp, seed, sessionArb, snapshot } from './arbitraries.ts';

async function run(ops: Parameters<typeof applyOp>[1][], executor?: PoolExecutor) {
  const e = createEngine(toyPipeline, executor ? { executor } : {});
  seed(e);
  for (const op of ops) {
    applyOp(e, op);
    if (ops.length % 3 === 0) await e.settled(); // sometimes let pulses interleave with edits, sometimes not
  }
  await e.settled();
  return e;
}

describe('engine laws', () => {
  test('undo then redo is the identity (document and node outputs)', async () => {
    await fc.assert(
      fc.asyncProperty(sessionArb, async (ops) => {
        const e = await run(ops);
        if (!e.history$.getValue().canUndo) return;
        const doc = e.document;
        const snap = snapshot(e);
        e.undo();
        e.redo();
        await e.settled();
        expect(e.document).toBe(doc);
        expect(snapshot(e)).toEqual(snap);
        await e.close();
      }),
      { numRuns: 40 },
    );
  });

  test('undoing everything gives back the initial document', async () => {
    await fc.assert(
      fc.asyncProperty(sessionArb, async (ops) => {
        const e = createEngine(toyPipeline);
        const initial = e.document;
        seed(e);
        for (const op of ops) applyOp(e, op);
        while (e.history$.getValue().canUndo) e.undo();
        await e.settled();
        expect(is(e.document, initial)).toBe(true);
        for (const node of e.pipeline.order) expect(e.output(node).size).toBe(0);
        await e.close();
      }),
      { numRuns: 40 },
    );
  });

  test('the incremental result equals a fresh engine given the same document and data', async () => {
    await fc.assert(
      fc.asyncProperty(sessionArb, async (ops) => {
        const e = await run(ops);
        const fresh = createEngine(toyPipeline);
        const data = new Map([...e.document.items.keys()].flatMap((id) => (e.entryData(id) ? [[id, e.entryData(id)!] as const] : [])));
        fresh.load(e.document, data);
        await fresh.settled();
        expect(snapshot(fresh)).toEqual(snapshot(e));
        await e.close();
        await fresh.close();
      }),
      { numRuns: 40 },
    );
  });

  test('a combination equals the same combination recomputed by hand after random parent edits', async () => {
    await fc.assert(
      fc.asyncProperty(sessionArb, async (ops) => {
        const e = createEngine(toyPipeline);
        seed(e);
        const parents = ['s0', 's1', 's2'];
        const avg = e.addCombination({ name: 'avg', op: 'average', parents, node: 'scaled' });
        for (const op of ops) if (op.kind === 'scale' || op.kind === 'clip' || op.kind === 'data') applyOp(e, op);
        await e.settled();
        const ys = parents.map((p) => e.state('scaled', p)!);
        const s = e.state('scaled', avg)!;
        if (ys.some((y) => y.status !== 'ok')) {
          expect(s.status).toBe('failed');
          return;
        }
        const xs = ys.map((y) => (y.status === 'ok' ? (y.data.x as Float64Array) : new Float64Array()));
        const n = Math.min(...xs.map((x) => x.length));
        expect(s.status).toBe('ok');
        if (s.status !== 'ok') return;
        const got = s.data.y as Float64Array;
        expect(got.length).toBe(n);
        for (let i = 0; i < n; i++) {
          // Parents share x = 0,1,2,... so the average is index by index over the common range.
          const m = ys.reduce((acc, y) => acc + (y.status === 'ok' ? (y.data.y as Float64Array)[i] : 0), 0) / 3;
          expect(got[i]).toBeCloseTo(m, 10);
        }
        await e.close();
      }),
      { numRuns: 40 },
    );
  });

  test('no node ever emits a half-updated state (diamond)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.boolean()), { minLength: 1, maxLength: 30 }), async (steps) => {
        const e = createEngine(diamondPipeline);
        const x = new Float64Array([0, 1, 2]);
        e.addItem({ id: 'i', name: 'i', entry: 'a', data: { x, y: new Float64Array(3).fill(0) } });
        const bad: string[] = [];
        e.node$('d').subscribe((m) => {
          const s = m.get('i');
          if (s?.status !== 'ok') return;
          const yb = (s.data.yb as Float64Array)[0];
          const yc = (s.data.yc as Float64Array)[0];
          if (yb - 1 !== yc / 2) bad.push(`yb=${yb} yc=${yc}`);
        });
        for (const [v, wait] of steps) {
          e.setData('i', { x, y: new Float64Array(3).fill(v) });
          if (wait) await e.settled();
        }
        await e.settled();
        expect(bad).toEqual([]);
        await e.close();
      }),
      { numRuns: 40 },
    );
  });
});

describe('parallel equals sequential', () => {
  const pool = new PoolExecutor({ threads: 2 });
  afterAll(() => pool.close());

  test('the worker pool gives the same bits as the main thread on random sessions', async () => {
    await fc.assert(
      fc.asyncProperty(sessionArb, async (ops) => {
        const seq = await run(ops);
        const par = await run(ops, pool);
        expect(snapshot(par)).toEqual(snapshot(seq));
        await seq.close();
        await par.close();
      }),
      { numRuns: 15 },
    );
  });
});
