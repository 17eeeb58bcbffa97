/** A project loaded in the middle of a recording is a recorded event: the replay loads it too. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/graph/index.ts';
import { loadProject } from '../../src/project/load.ts';
import { saveProject } from '../../src/project/save.ts';
import { readSession } from '../../src/session/log-reader.ts';
import type { RecordedEvent } from '../../src/session/load-record.ts';
import { recordSession } from '../../src/session/record.ts';
import { replayFile } from '../../src/session/replay-file.ts';
import { snapshot, testPipeline } from './helpers/pipeline.ts';

const xy = (x: number[], y: number[]) => ({ x: Float64Array.from(x), y: Float64Array.from(y) });

describe('engine.load in a recording', () => {
  it.each(['jsonl', 'msgpack'])('is recorded with its document and data, and replayed to the same document, history and outputs (%s)', async (enc) => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-load-event-'));
    // A project saved elsewhere: one item from a file (read by the loader), one with embedded data.
    const other = createEngine(testPipeline);
    const csv = join(dir, 'p.txt');
    writeFileSync(csv, '1 10\n2 20\n3 30\n');
    other.addItem({ id: 'p', name: 'from file', entry: 'raw', source: { kind: 'file', path: csv }, data: xy([1, 2, 3], [10, 20, 30]) });
    other.addItem({ id: 'q', name: 'embedded', entry: 'raw', data: xy([0, 1], [5, 6]) });
    other.setParams(['p', 'q'], 'scale', { a: 2, b: -1 });
    other.select(['q']);
    const project = join(dir, 'other.bfproj');
    saveProject(other, project, { embed: false });
    await other.close();

    const file = join(dir, `s.${enc}`);
    const e = createEngine(testPipeline);
    const rec = recordSession(e, file, { fsync: { kind: 'never' } });
    e.addItem({ id: 'a', name: 'A', entry: 'raw', data: xy([1, 2, 3], [4, 5, 6]) });
    e.setParams(['a'], 'smooth', { n: 2 });
    // The loader reads the file; the replay must not need it (the log carries the data).
    loadProject(e, project, { loadFile: () => xy([1, 2, 3], [10, 20, 30]), restoreHistory: false });
    e.appendData('p', xy([4], [40]));
    e.setParams(['p'], 'smooth', { n: 3 });
    e.undo();
    await e.settled();
    rec.stop();

    const log = readSession<RecordedEvent>(file);
    const loads = log.records.filter((r) => r.event.type === 'load');
    expect(loads).toHaveLength(1);
    const ev = loads[0].event as Extract<RecordedEvent, { type: 'load' }>;
    expect(ev.document.items.map((it) => it.id)).toEqual(['p', 'q']);
    expect(ev.data.map(([id]) => id).sort()).toEqual(['p', 'q']);
    expect(ev.label).toBe(`load ${project}`);

    const { engine: r, summary } = await replayFile(file, { pipeline: testPipeline, pace: { kind: 'instant' } });
    expect(summary.refused).toBe(0);
    expect(summary.documents['load']).toBe(1);
    expect(r.document.toJS()).toEqual(e.document.toJS());
    expect(r.history$.getValue()).toEqual(e.history$.getValue());
    expect(snapshot(r)).toEqual(snapshot(e));
    // Undo in the replay goes back to before the load, as in the recording.
    r.jump(2);
    e.jump(2);
    await Promise.all([r.settled(), e.settled()]);
    expect(snapshot(r)).toEqual(snapshot(e));
    expect([...r.document.items.keys()]).toEqual(['a']);
    await r.close();
    await e.close();
  });

  it('a project loaded with its undo history (restoreHistory) is recorded and replayed, undo included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-load-event-'));
    const other = createEngine(testPipeline);
    other.addItem({ id: 'q', name: 'Q', entry: 'raw', data: xy([0, 1, 2], [5, 6, 4]) });
    other.setParams(['q'], 'scale', { a: 3 });
    other.setParams(['q'], 'smooth', { n: 2 });
    other.undo();
    const project = join(dir, 'with-history.bfproj');
    saveProject(other, project, { embed: true, history: true });
    await other.close();

    const file = join(dir, 's.msgpack');
    const e = createEngine(testPipeline);
    const rec = recordSession(e, file, { fsync: { kind: 'never' } });
    e.addItem({ id: 'a', name: 'A', entry: 'raw', data: xy([1, 2], [4, 5]) });
    loadProject(e, project);
    e.redo();
    await e.settled();
    rec.stop();
    const types = readSession<RecordedEvent>(file).records.map((r) => r.event.type);
    expect(types).toEqual(['addItems', 'restoreHistory', 'redo']);
    const { engine: r, summary } = await replayFile(file, { pipeline: testPipeline, pace: { kind: 'instant' } });
    expect(summary.refused).toBe(0);
    expect(r.document.toJS()).toEqual(e.document.toJS());
    expect(r.history$.getValue()).toEqual(e.history$.getValue());
    expect(snapshot(r)).toEqual(snapshot(e));
    r.jump(1);
    e.jump(1);
    await Promise.all([r.settled(), e.settled()]);
    expect(snapshot(r)).toEqual(snapshot(e));
    await Promise.all([r.close(), e.close()]);
  });

  it('a recorded load that does not fit the replay pipeline is reported and the replay goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-load-event-'));
    const file = join(dir, 's.jsonl');
    const e = createEngine(testPipeline);
    const rec = recordSession(e, file, { fsync: { kind: 'never' } });
    const src = createEngine(testPipeline);
    src.addItem({ id: 'z', name: 'Z', entry: 'scaled', data: xy([1], [2]) });
    e.load(src.document, new Map([['z', xy([1], [2])]]));
    e.addItem({ id: 'b', name: 'B', entry: 'raw', data: xy([1], [2]) });
    await e.settled();
    rec.stop();
    // A pipeline without the 'scaled' node cannot take item z.
    const { definePipeline } = await import('../../src/graph/index.ts');
    const small = definePipeline({ nodes: [testPipeline.nodes.get('raw')!], transforms: [] });
    const problems: string[] = [];
    const { engine: r, summary } = await replayFile(file, { pipeline: small, pace: { kind: 'instant' }, onProblem: (at, p) => problems.push(`${at}: ${p}`) });
    expect(summary.refused).toBe(1);
    expect(problems[0]).toMatch(/record 1 \(load\).*entry node 'scaled'/);
    expect([...r.document.items.keys()]).toEqual(['b']);
    await Promise.all([r.close(), e.close(), src.close()]);
  });
});
