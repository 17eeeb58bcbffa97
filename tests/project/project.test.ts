import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/graph/index.ts';
import { loadProject, readProject } from '../../src/project/load.ts';
import { saveProject } from '../../src/project/save.ts';
import { snapshot, testPipeline } from '../session/helpers/pipeline.ts';

const tmp = mkdtempSync(join(tmpdir(), 'bf-project-'));

/** A data file in our own tiny format (x y per line) for file-sourced items; written by the test. */
function writeXY(path: string, xs: number[], ys: number[]): void {
  writeFileSync(path, xs.map((x, i) => `${x} ${ys[i]}`).join('\n'));
}
function loadXY(path: string) {
  const rows = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
  return { x: Float64Array.from(rows, (r) => r[0]), y: Float64Array.from(rows, (r) => r[1]) };
}

async function build(dataDir: string): Promise<Engine> {
  const e = createEngine(testPipeline);
  writeXY(join(dataDir, 'a.xy'), [1, 2, 3, 4], [10, 20, 30, 40]);
  writeXY(join(dataDir, 'b.xy'), [1, 2, 3, 4], [5, 7, 9, 11]);
  e.addItem({ id: 'a', name: 'A', entry: 'raw', source: { kind: 'file', path: join(dataDir, 'a.xy') }, data: loadXY(join(dataDir, 'a.xy')) });
  e.addItem({ id: 'b', name: 'B', entry: 'raw', source: { kind: 'file', path: join(dataDir, 'b.xy') }, data: loadXY(join(dataDir, 'b.xy')) });
  e.addItem({ id: 's', name: 'streamed', entry: 'raw', source: { kind: 'stream', stream: 'bluesky:abc' }, data: { x: new Float64Array([1, 2]), y: new Float64Array([-0, Number.MIN_VALUE]) } });
  e.addItem({ id: 'chi', name: 'calculated', entry: 'scaled', data: { x: new Float64Array([1, 2, 3, 4]), y: new Float64Array([0.1, 0.2, 0.3, 0.4]) } });
  e.addCombination({ id: 'avg', name: 'mean', op: 'average', parents: ['a', 'b'], node: 'scaled' });
  e.setParams(['a'], 'scale', { a: 2.5, b: -1 });
  e.setParams(['b', 'avg'], 'smooth', { n: 3 });
  e.setStop(['s'], 'scaled');
  e.setMeta(['a'], 'colour', '#ff0000');
  e.select(['a', 'avg']);
  await e.settled();
  return e;
}

const state = (e: Engine) => ({ doc: e.document.toJS(), nodes: snapshot(e) });

describe('project files', () => {
  it('a moved project finds its data files relative to itself and restores the same state', async () => {
    const dir = join(tmp, 'p1');
    mkdirSync(join(dir, 'data'), { recursive: true });
    const e = await build(join(dir, 'data'));
    const saved = saveProject(e, join(dir, 'beam.bfproj'), { pipeline: 'test' });
    expect(saved.items.find((i) => i.id === 'a')?.source).toMatchObject({ kind: 'file', path: 'data/a.xy' });
    expect(saved.items.find((i) => i.id === 'a')?.data).toBeUndefined();
    expect(saved.items.find((i) => i.id === 's')?.data).toBeDefined();
    const expected = state(e);
    await e.close();

    const moved = join(tmp, 'elsewhere');
    renameSync(dir, moved);
    const f = createEngine(testPipeline);
    const r = loadProject(f, join(moved, 'beam.bfproj'), { loadFile: (p) => loadXY(p) });
    await f.settled();
    expect(r.failed.size).toBe(0);
    expect(r.pipeline).toBe('test');
    const got = state(f);
    expect(got.nodes).toEqual(expected.nodes);
    const items = (got.doc as { items: Record<string, { source: { path?: string } }> }).items;
    expect(items['a'].source.path).toBe(join(moved, 'data/a.xy'));
    expect((got.doc as { selection: string[] }).selection).toEqual(['a', 'avg']);
    await f.close();
  });

  it('embedded data needs no files; a missing data file marks only its item failed', async () => {
    const dir = join(tmp, 'p2');
    mkdirSync(dir);
    const e = await build(dir);
    saveProject(e, join(dir, 'emb.bfproj'), { embed: true, history: true });
    saveProject(e, join(dir, 'ref.bfproj'));
    const expected = state(e);
    const steps = e.historyState.steps.size;
    await e.close();
    renameSync(join(dir, 'a.xy'), join(dir, 'gone.xy'));

    const f = createEngine(testPipeline);
    const r = loadProject(f, join(dir, 'emb.bfproj'));
    await f.settled();
    expect(state(f).nodes).toEqual(expected.nodes);
    expect(r.history?.steps).toHaveLength(steps);
    expect(r.history?.steps.at(-1)?.document.toJS()).toEqual(expected.doc);
    // The saved undo history is restored into the engine: same labels, and undo/redo walk it.
    expect(f.historyState.steps.size).toBe(steps);
    expect(f.history$.getValue().labels).toEqual(r.history?.steps.map((s) => s.label));
    f.undo();
    await f.settled();
    expect(f.document.toJS()).toEqual(r.history?.steps.at(-2)?.document.toJS());
    f.redo();
    await f.settled();
    expect(state(f).nodes).toEqual(expected.nodes);
    await f.close();

    const g = createEngine(testPipeline);
    const r2 = loadProject(g, join(dir, 'ref.bfproj'), { loadFile: (p) => loadXY(p) });
    await g.settled();
    expect([...r2.failed.keys()]).toEqual(['a']);
    expect(r2.failed.get('a')).toMatch(/ENOENT.*a\.xy/);
    expect(g.state('raw', 'a')?.status).toBe('failed');
    expect(g.state('raw', 'b')?.status).toBe('ok');
    await g.close();
  });

  it('bad project files give errors naming the file and the item', () => {
    const dir = join(tmp, 'p3');
    mkdirSync(dir);
    const write = (name: string, v: unknown): string => { const p = join(dir, name); writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v)); return p; };
    const base = { format: 'beamflow-project', version: 1, saved: '', pipeline: null, embedded: false, selection: [], lastChange: null };
    const item = { id: 'x', name: 'X', entry: 'raw', stop: null, source: { kind: 'data' }, params: {}, meta: {} };
    expect(() => readProject(write('a.json', '{"format": "beamflow-pro'), testPipeline)).toThrow(/a\.json: not valid JSON/);
    expect(() => readProject(write('b.json', { format: 'other' }), testPipeline)).toThrow(/b\.json: not a beamflow project/);
    expect(() => readProject(write('c.json', { ...base, version: 99, items: [] }), testPipeline)).toThrow(/c\.json: project version 99/);
    expect(() => readProject(write('d.json', { ...base, items: [{ ...item, entry: 'nope' }] }), testPipeline)).toThrow(/d\.json: item 'x': entry node 'nope' is not in the pipeline/);
    expect(() => readProject(write('e.json', { ...base, items: [{ ...item, params: { fft: {} } }] }), testPipeline)).toThrow(/e\.json: item 'x': parameters for transform 'fft'/);
    expect(() => readProject(write('f.json', { ...base, items: [{ ...item, params: { smooth: { n: 'three' } } }] }), testPipeline)).toThrow(/f\.json: item 'x': .*smooth.*'n'/);
    expect(() => readProject(write('g.json', { ...base, items: [{ ...item, source: { kind: 'combination', op: 'average', parents: ['zz'] } }] }), testPipeline)).toThrow(/g\.json: item 'x': combination parent 'zz'/);
    expect(() => readProject(join(dir, 'missing.json'), testPipeline)).toThrow(/missing\.json: cannot read/);
  });
});
