import { describe, expect, test } from 'vitest';
import { createEngine, definePipeline, defineNode, isBeamflowError, type RunRecord } from '../../src/graph/index.ts';
import { diamondPipeline, ramp, toyPipeline, scale, smooth } from './fixtures/toy.ts';

const f64 = (v: unknown): Float64Array => v as Float64Array;

function recordRuns(engine: ReturnType<typeof createEngine>): RunRecord[] {
  const runs: RunRecord[] = [];
  engine.runs$.subscribe((r) => runs.push(r));
  return runs;
}

const pairs = (runs: RunRecord[]): string[] => runs.map((r) => `${r.item}:${r.transform}`).sort();

describe('pipeline definition', () => {
  test('rank order puts every node after its inputs', () => {
    expect(toyPipeline.order).toEqual(['raw', 'scaled', 'smooth', 'deriv']);
    const r = diamondPipeline.rank;
    expect(r.get('d')!).toBeGreaterThan(r.get('b')!);
    expect(r.get('d')!).toBeGreaterThan(r.get('c')!);
  });

  test('a cycle is refused, naming the nodes on it', () => {
    const n = (id: string) => defineNode({ id, label: id, arrays: [] });
    const t = (name: string, from: string, to: string) => ({ name, from, to, params: {}, inArrays: [], outArrays: [], run: () => ({}) });
    let err: unknown;
    try {
      definePipeline({ nodes: [n('a'), n('b'), n('c')], transforms: [t('ab', 'a', 'b'), t('bc', 'b', 'c'), t('ca', 'c', 'a')] });
    } catch (e) {
      err = e;
    }
    expect(isBeamflowError(err, 'Cycle')).toBe(true);
    expect(String(err)).toMatch(/cycle: (a|b|c) → .* → /);
  });

  test('an unknown node is refused with the transform named', () => {
    const n = defineNode({ id: 'a', label: 'a', arrays: [] });
    expect(() => definePipeline({ nodes: [n], transforms: [{ name: 'x', from: 'a', to: 'zz', params: {}, inArrays: [], outArrays: [], run: () => ({}) }] })).toThrow(
      /unknown node 'zz' \('to' of transform 'x'\)/,
    );
  });
});

describe('engine', () => {
  test('computes every node and a late subscriber gets the current value at once', async () => {
    const e = createEngine(toyPipeline);
    const id = e.addItem({ name: 'one', entry: 'raw', data: ramp(50) });
    await e.settled();
    let seen = -1;
    e.node$('deriv').subscribe((m) => (seen = m.size));
    expect(seen).toBe(1);
    const dy = f64(e.data('deriv', id)!.dy);
    expect(dy[10]).toBeCloseTo(1 + (Math.sin(11 / 3) - Math.sin(9 / 3)) / 2, 12);
    expect(e.state('deriv', id)!.status).toBe('ok');
    await e.close();
  });

  test('a parameter edit re-runs only that item, only downstream of the edited transform', async () => {
    const e = createEngine(toyPipeline);
    const [a, b] = e.addItems([
      { name: 'a', entry: 'raw', data: ramp(30) },
      { name: 'b', entry: 'raw', data: ramp(30, 2) },
    ]);
    await e.settled();
    const before = { b: e.state('deriv', b), aScaled: e.state('scaled', a) };
    const runs = recordRuns(e);
    e.setParams([a], 'smooth', { window: 5 });
    await e.settled();
    expect(pairs(runs)).toEqual([`${a}:deriv`, `${a}:smooth`]);
    // Unchanged items and unchanged upstream states keep their very objects.
    expect(e.state('deriv', b)).toBe(before.b);
    expect(e.state('scaled', a)).toBe(before.aScaled);
    await e.close();
  });

  test('undo and redo restore the very same results from the cache without running anything', async () => {
    const e = createEngine(toyPipeline);
    const id = e.addItem({ name: 'a', entry: 'raw', data: ramp(40) });
    await e.settled();
    const v0 = e.state('deriv', id);
    e.setParams([id], 'scale', { factor: 3 });
    await e.settled();
    const v1 = e.state('deriv', id);
    expect(f64(e.data('scaled', id)!.y)[5]).toBeCloseTo(3 * (5 + Math.sin(5 / 3)), 12);
    const runs = recordRuns(e);
    e.undo();
    await e.settled();
    expect(e.state('deriv', id)).toBe(v0);
    e.redo();
    await e.settled();
    expect(e.state('deriv', id)).toBe(v1);
    expect(runs).toEqual([]);
    await e.close();
  });

  test('consecutive edits of one parameter merge; a new action after undo drops the redo branch', async () => {
    const e = createEngine(toyPipeline);
    const id = e.addItem({ name: 'a', entry: 'raw', data: ramp(10) });
    for (const f of [1.5, 2, 2.5, 3]) e.setParams([id], 'scale', { factor: f });
    expect(e.historyState.steps.size).toBe(3); // start, add, one merged edit
    e.setParams([id], 'scale', { offset: 1 });
    expect(e.historyState.steps.size).toBe(4);
    e.undo();
    e.undo();
    expect(e.document.items.get(id)!.params.get('scale')!.get('factor')).toBe(1);
    e.setParams([id], 'smooth', { window: 3 });
    expect(e.historyState.steps.size).toBe(3);
    expect(e.history$.getValue().canRedo).toBe(false);
    await e.close();
  });

  test('a throwing transform fails that item at that node and below; other items go on', async () => {
    const e = createEngine(toyPipeline);
    const [bad, good] = e.addItems([
      { name: 'bad', entry: 'raw', data: ramp(20), params: { scale: { factor: 13 } } },
      { name: 'good', entry: 'raw', data: ramp(20) },
    ]);
    await e.settled();
    for (const node of ['scaled', 'smooth', 'deriv']) {
      const s = e.state(node, bad)!;
      expect(s.status).toBe('failed');
      if (s.status === 'failed') {
        expect(s.error).toBe('unlucky factor 13');
        expect(s.origin).toBe('scaled');
      }
      expect(e.state(node, good)!.status).toBe('ok');
    }
    expect(e.state('raw', bad)!.status).toBe('ok');
    e.setParams([bad], 'scale', { factor: 2 });
    await e.settled();
    expect(e.state('deriv', bad)!.status).toBe('ok');
    await e.close();
  });

  test('an item entering at a middle node skips the transforms upstream of it', async () => {
    const e = createEngine(toyPipeline);
    const runs = recordRuns(e);
    const id = e.addItem({ name: 'calc', entry: 'smooth', data: ramp(20) });
    await e.settled();
    expect(e.state('raw', id)).toBeUndefined();
    expect(e.state('scaled', id)).toBeUndefined();
    expect(pairs(runs)).toEqual([`${id}:deriv`]);
    await e.close();
  });

  test('in-place transforms run after the incoming ones at their node', async () => {
    const e = createEngine(toyPipeline);
    const id = e.addItem({ name: 'a', entry: 'raw', data: ramp(20), params: { clip: { max: 5 } } });
    await e.settled();
    const y = f64(e.data('scaled', id)!.y);
    expect(Math.max(...y)).toBe(5);
    expect(e.data('scaled', id)!.x).toBe(e.data('raw', id)!.x);
    await e.close();
  });

  test('a diamond emits once per node per change and never a half-updated state', async () => {
    const e = createEngine(diamondPipeline);
    const id = e.addItem({ name: 'a', entry: 'a', data: { x: new Float64Array([0, 1, 2]), y: new Float64Array([1, 2, 3]) } });
    await e.settled();
    const emissions: string[] = [];
    const seenD: Array<[number, number]> = [];
    for (const n of ['a', 'b', 'c', 'd']) e.node$(n).subscribe(() => emissions.push(n));
    e.node$('d').subscribe((m) => {
      const s = m.get(id);
      if (s?.status === 'ok') seenD.push([f64(s.data.yb)[0], f64(s.data.yc)[0]]);
    });
    emissions.length = 0;
    seenD.length = 0;
    e.setData(id, { x: new Float64Array([0, 1, 2]), y: new Float64Array([10, 20, 30]) });
    e.setParams([id], 'toC', { mul: 3 });
    await e.settled();
    expect(emissions).toEqual(['a', 'b', 'c', 'd']);
    expect(seenD).toEqual([[11, 30]]);
    await e.close();
  });

  test('setParams on the selection is one step; apply-last-change and copy-params', async () => {
    const e = createEngine(toyPipeline);
    const ids = e.addItems([0, 1, 2, 3].map((i) => ({ name: `s${i}`, entry: 'raw', data: ramp(20, i + 1) })));
    e.select([ids[0], ids[1]]);
    const steps = e.historyState.steps.size;
    e.setParams('selection', 'scale', { factor: 2, offset: 1 });
    expect(e.historyState.steps.size).toBe(steps + 1);
    e.applyLastChange([ids[2]]);
    e.copyParams(ids[0], [ids[3]], ['scale']);
    await e.settled();
    for (const id of ids) expect(e.document.items.get(id)!.params.get('scale')!.toJS()).toEqual({ factor: 2, offset: 1 });
    expect(f64(e.data('scaled', ids[3])!.y)[0]).toBeCloseTo(1, 12);
    await e.close();
  });

  test('bad input gives a typed error naming item and field; nothing changes', async () => {
    const e = createEngine(toyPipeline);
    e.addItem({ name: 'ok', entry: 'raw', data: ramp(5) });
    const doc = e.document;
    const steps = e.historyState.steps.size;
    const y = new Float64Array([1, 2, NaN, 4, 5]);
    const expectError = (f: () => void, kind: string, re: RegExp) => {
      try {
        f();
        throw new Error('no error');
      } catch (err) {
        expect(isBeamflowError(err)).toBe(true);
        if (isBeamflowError(err)) expect(err.detail.kind).toBe(kind);
        expect(String(err)).toMatch(re);
      }
    };
    expectError(() => e.addItem({ name: 'nan', entry: 'raw', data: { x: new Float64Array(5), y } }), 'BadInput', /item 'nan', field 'y': NaN at index 2/);
    expectError(() => e.addItem({ name: 'len', entry: 'raw', data: { x: new Float64Array(4), y: new Float64Array(5) } }), 'BadInput', /field 'y': length 5 differs/);
    expectError(() => e.addItem({ name: 'node', entry: 'nowhere', data: ramp(3) }), 'UnknownNode', /unknown node 'nowhere'/);
    expectError(() => e.addItem({ name: 'col', entry: 'raw', data: { ...ramp(3), z: new Float64Array(3) } }), 'BadInput', /field 'z': node 'raw' has no array 'z'/);
    expectError(() => e.setParams([[...doc.items.keys()][0]], 'scale', { factor: 'big' as unknown as number }), 'BadParam', /parameter 'factor': expected a finite number/);
    expectError(() => e.setParams([[...doc.items.keys()][0]], 'scale', { nope: 1 }), 'BadParam', /unknown parameter/);
    expect(e.document).toBe(doc);
    expect(e.historyState.steps.size).toBe(steps);
    await e.close();
  });

  test('an item grows point by point (a scan being measured)', async () => {
    const e = createEngine(toyPipeline);
    const id = e.addItem({ name: 'scan', entry: 'raw' });
    await e.settled();
    expect(e.state('deriv', id)!.status).toBe('pending');
    const full = ramp(30);
    for (let i = 0; i < 30; i += 10) e.appendData(id, { x: f64(full.x).slice(i, i + 10), y: f64(full.y).slice(i, i + 10) });
    await e.settled();
    const grown = e.data('raw', id)!;
    expect(Array.from(f64(grown.y))).toEqual(Array.from(f64(full.y)));
    const fresh = createEngine(toyPipeline);
    const id2 = fresh.addItem({ name: 'done', entry: 'raw', data: full });
    await fresh.settled();
    expect(Array.from(f64(e.data('deriv', id)!.dy))).toEqual(Array.from(f64(fresh.data('deriv', id2)!.dy)));
    await e.close();
    await fresh.close();
  });
});

describe('combinations', () => {
  test('average, sum and rms at a node, live when a parent changes', async () => {
    const e = createEngine(toyPipeline);
    const ps = e.addItems([1, 2, 3].map((k) => ({ name: `p${k}`, entry: 'raw', data: ramp(20, k) })));
    const avg = e.addCombination({ name: 'avg', op: 'average', parents: ps, node: 'scaled' });
    const sum = e.addCombination({ name: 'sum', op: 'sum', parents: ps, node: 'scaled' });
    const rms = e.addCombination({ name: 'rms', op: 'rms', parents: ps, node: 'scaled' });
    await e.settled();
    const ys = () => ps.map((p) => f64(e.data('scaled', p)!.y));
    const check = () => {
      const [a, b, c] = ys();
      for (const i of [0, 7, 19]) {
        const m = (a[i] + b[i] + c[i]) / 3;
        expect(f64(e.data('scaled', avg)!.y)[i]).toBeCloseTo(m, 12);
        expect(f64(e.data('scaled', sum)!.y)[i]).toBeCloseTo(a[i] + b[i] + c[i], 12);
        expect(f64(e.data('scaled', rms)!.y)[i]).toBeCloseTo(Math.sqrt(((a[i] - m) ** 2 + (b[i] - m) ** 2 + (c[i] - m) ** 2) / 3), 12);
      }
    };
    check();
    // The average flows downstream like any item.
    expect(e.state('deriv', avg)!.status).toBe('ok');
    e.setParams([ps[1]], 'scale', { factor: 4 });
    await e.settled();
    check();
    await e.close();
  });

  test('parents on different grids are interpolated onto the first parent grid, trimmed to the overlap', async () => {
    const e = createEngine(toyPipeline);
    const a = e.addItem({ name: 'a', entry: 'raw', data: ramp(21, 1, 0) });
    const b = e.addItem({ name: 'b', entry: 'raw', data: { x: Float64Array.from({ length: 21 }, (_, i) => 5.5 + i), y: Float64Array.from({ length: 21 }, (_, i) => 2 * (5.5 + i)) } });
    const c = e.addCombination({ name: 'avg', op: 'average', parents: [a, b], node: 'raw' });
    await e.settled();
    const d = e.data('raw', c)!;
    expect(Array.from(f64(d.x))).toEqual(Array.from({ length: 15 }, (_, i) => 6 + i));
    const ya = f64(e.data('raw', a)!.y);
    expect(f64(d.y)[0]).toBeCloseTo((ya[6] + 12) / 2, 12);
    await e.close();
  });

  test('a stopped parent no longer propagates past the stop node; the combination reports it', async () => {
    const e = createEngine(toyPipeline);
    const ps = e.addItems([1, 2].map((k) => ({ name: `p${k}`, entry: 'raw', data: ramp(20, k) })));
    const avg = e.addCombination({ name: 'avg', op: 'average', parents: ps, node: 'smooth' });
    e.setStop(ps, 'scaled');
    await e.settled();
    expect(e.state('smooth', ps[0])).toBeUndefined();
    expect(e.state('scaled', ps[0])!.status).toBe('ok');
    const s = e.state('smooth', avg)!;
    expect(s.status).toBe('failed');
    if (s.status === 'failed') expect(s.error).toMatch(/parent 'p1' does not reach node 'smooth'/);
    e.setStop(ps, 'smooth');
    await e.settled();
    expect(e.state('smooth', avg)!.status).toBe('ok');
    expect(e.state('deriv', ps[0])).toBeUndefined();
    expect(e.state('deriv', avg)!.status).toBe('ok');
    await e.close();
  });

  test('removing a parent updates the combination; removing all marks it failed', async () => {
    const e = createEngine(toyPipeline);
    const ps = e.addItems([1, 2].map((k) => ({ name: `p${k}`, entry: 'raw', data: ramp(20, k) })));
    const avg = e.addCombination({ name: 'avg', op: 'average', parents: ps, node: 'raw' });
    e.removeItems([ps[0]]);
    await e.settled();
    expect(Array.from(f64(e.data('raw', avg)!.y))).toEqual(Array.from(f64(e.data('raw', ps[1])!.y)));
    e.removeItems([ps[1]]);
    await e.settled();
    const s = e.state('raw', avg)!;
    expect(s.status).toBe('failed');
    if (s.status === 'failed') expect(s.error).toMatch(/no parents left/);
    e.undo();
    e.undo();
    await e.settled();
    expect(e.state('raw', avg)!.status).toBe('ok');
    await e.close();
  });

  test('PCA components are orthonormal and full reconstructions give the parents back', async () => {
    const e = createEngine(toyPipeline);
    const ps = e.addItems([1, 2, 3, 4].map((k) => ({ name: `p${k}`, entry: 'raw', data: { x: Float64Array.from({ length: 50 }, (_, i) => i), y: Float64Array.from({ length: 50 }, (_, i) => k * Math.sin(i / 5) + (k % 2) * Math.cos(i / 7) + 0.01 * k * k * i) } })));
    const { components, reconstructions } = e.addPca({ name: 'pca', parents: ps, node: 'raw', ncomp: 3 });
    await e.settled();
    const comps = components.map((c) => f64(e.data('raw', c)!.y));
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        const dot = comps[a].reduce((s, v, i) => s + v * comps[b][i], 0);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 9);
      }
    ps.forEach((p, i) => {
      const rec = f64(e.data('raw', reconstructions[i])!.y);
      const y = f64(e.data('raw', p)!.y);
      for (let j = 0; j < 50; j++) expect(rec[j]).toBeCloseTo(y[j], 9);
    });
    await e.close();
  });
});

describe('history memory', () => {
  test('a parameter step costs memory proportional to what changed, not to the number of items', async () => {
    const e = createEngine(toyPipeline);
    e.addItems(Array.from({ length: 5000 }, (_, i) => ({ name: `s${i}`, entry: 'raw', data: ramp(4, i) })));
    const ids = [...e.document.items.keys()];
    const d0 = e.document;
    e.setParams([ids[1234]], 'scale', { factor: 2 });
    const d1 = e.document;
    // Structural sharing: all but the edited entry are the same objects.
    let same = 0;
    for (const id of ids) if (d0.items.get(id) === d1.items.get(id)) same++;
    expect(same).toBe(ids.length - 1);
    expect(d1.items.get(ids[0])!.params).toBe(d0.items.get(ids[0])!.params);
    await e.close();
  });
});

void scale;
void smooth;
