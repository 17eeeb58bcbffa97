import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createResolver } from '../../src/formats/bluesky-handlers.ts';
import { encodeNpy } from '../../src/formats/bluesky-npy.ts';
import { readBlueskyFile, decodeJsonLines, type RawDoc } from '../../src/formats/bluesky-read.ts';
import { RunAssembler, type RunOutput } from '../../src/formats/bluesky-run.ts';
import { isImage2D } from '../../src/graph/types.ts';
import { APS_SCAN, SIM_IMG } from './fixtures.ts';

function assemble(docs: readonly RawDoc[], a = new RunAssembler()): RunOutput[] {
  return docs.flatMap((d) => a.push(d));
}

describe('real APS 4-ID qxscan (msgpack)', () => {
  const file = readBlueskyFile(APS_SCAN);
  it('decodes every document', () => {
    expect(file.encoding).toBe('msgpack');
    const names = file.docs.map((d) => (d.kind === 'doc' ? d.name : 'problem'));
    expect(names.filter((n) => n === 'event_page')).toHaveLength(185);
    expect(names[0]).toBe('start');
    expect(names[names.length - 1]).toBe('stop');
  });
  it('default mapping comes from the hints and rows grow in seq order', () => {
    const a = new RunAssembler();
    const out = assemble(file.docs, a);
    expect(out.filter((o) => o.kind === 'problem')).toEqual([]);
    const cols = out.find((o) => o.kind === 'columns');
    expect(cols?.kind === 'columns' && cols.columns.map((c) => c.column)).toEqual(['monochromator_energy', 'Ion Ch 5']);
    const rows = out.filter((o) => o.kind === 'rows');
    expect(rows).toHaveLength(183);
    expect(rows.flatMap((r) => (r.kind === 'rows' ? r.seq : []))).toEqual(Array.from({ length: 183 }, (_, i) => i + 1));
    const first = rows[0].kind === 'rows' ? rows[0].data : {};
    expect(first['monochromator_energy']).toEqual(new Float64Array([12.921257239814722]));
    expect(first['Ion Ch 5']).toEqual(new Float64Array([175302]));
    expect(a.countsObject()).toEqual({ start: 1, descriptor: 2, event_page: 185, stop: 1 });
    expect(a.events).toBe(185);
    expect(out[out.length - 1]).toMatchObject({ kind: 'run-stop', exitStatus: 'success' });
  });
  it('a user mapping renames and scales (keV → eV)', () => {
    const a = new RunAssembler({ mapping: { energy: { key: 'monochromator_energy', scale: 1000 }, i0: 'Ion Ch 4', itrans: 'Ion Ch 5' } });
    const rows = assemble(file.docs, a).filter((o) => o.kind === 'rows');
    const d = rows[1].kind === 'rows' ? rows[1].data : {};
    expect(Object.keys(d)).toEqual(['energy', 'i0', 'itrans']);
    expect((d['energy'] as Float64Array)[0]).toBeCloseTo(12921.014554794395, 9);
  });
  it('a mapping to a key the stream lacks is an error naming the key', () => {
    const out = assemble(file.docs, new RunAssembler({ mapping: { energy: 'no_such_key' } }));
    const p = out.find((o) => o.kind === 'problem');
    expect(p?.kind === 'problem' && p.problem).toMatch(/'no_such_key'/);
  });
});

describe('simulated run with resource/datum_page (jsonl)', () => {
  const file = readBlueskyFile(SIM_IMG);
  it('referenced .npy files that are missing give clear per-event problems', () => {
    const a = new RunAssembler({ resolve: createResolver() });
    const out = assemble(file.docs, a);
    expect(out.find((o) => o.kind === 'columns')).toMatchObject({ mode: 'frames' });
    const problems = out.filter((o) => o.kind === 'problem');
    expect(problems).toHaveLength(3);
    expect(problems[0].kind === 'problem' && problems[0].problem).toContain('/tmp/tmpp5_kcw9q/f48217_0.npy');
    expect(out.filter((o) => o.kind === 'frame')).toHaveLength(3);
    expect(a.countsObject()).toEqual({ start: 1, descriptor: 1, resource: 1, datum_page: 1, event_page: 3, stop: 1 });
  });
  it('frames are read through NPY_SEQ when the data folder is remapped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-npy-'));
    for (let i = 0; i < 3; i++) {
      const img = new Float64Array(100).map((_, j) => j * (i + 1));
      writeFileSync(join(dir, `f48217_${i}.npy`), encodeNpy(img, [10, 10]));
    }
    const a = new RunAssembler({ resolve: createResolver({ rootMap: { '/tmp/tmpp5_kcw9q': dir } }) });
    const out = assemble(file.docs, a);
    expect(out.filter((o) => o.kind === 'problem')).toEqual([]);
    const frames = out.filter((o) => o.kind === 'frame');
    const img = frames[2].kind === 'frame' ? frames[2].data['img'] : undefined;
    expect(isImage2D(img) && [img.rows, img.cols, img.data[99]]).toEqual([10, 10, 297]);
  });
});

describe('malformed documents', () => {
  const start = { uid: 'r1', time: 1, plan_name: 'scan', hints: { dimensions: [[['x'], 'primary']] } };
  const desc = { uid: 'd1', time: 1, run_start: 'r1', name: 'primary', data_keys: { x: { source: 's', dtype: 'number', shape: [] }, y: { source: 's', dtype: 'number', shape: [] } }, hints: { det: { fields: ['y'] } } };
  const ev = (seq: number, data: object = { x: seq, y: seq * 2 }, descriptor = 'd1') => ({ uid: `e${seq}`, time: seq, seq_num: seq, descriptor, data, timestamps: {} });
  const lines = (pairs: unknown[][]): RawDoc[] => decodeJsonLines(pairs.map((p) => JSON.stringify(p)).join('\n'));

  it('missing descriptor, out-of-order seq_num, unknown keys, stop without start: errors, and the run goes on', () => {
    const out = assemble(lines([
      ['start', start], ['event', ev(1, {}, 'dX')], ['descriptor', desc], ['event', ev(1)], ['event', ev(3)], ['event', ev(2)],
      ['event', ev(4, { x: 4, y: 8, z: 1 })], ['stop', { uid: 's', time: 9, run_start: 'r1', exit_status: 'success' }],
      ['stop', { uid: 's2', time: 9, run_start: 'r1', exit_status: 'success' }], ['bogus', {}],
    ]));
    const problems = out.flatMap((o) => (o.kind === 'problem' ? [`${o.at}: ${o.problem}`] : []));
    expect(problems).toEqual([
      expect.stringMatching(/line 2 \(event\).*descriptor dX.*never received \(missing descriptor\)/),
      expect.stringMatching(/line 5 \(event\).*seq_num jumps from 1 to 3/),
      expect.stringMatching(/line 6 \(event\).*out-of-order seq_num 2 after 3/),
      expect.stringMatching(/line 7 \(event\).*unknown data key\(s\) 'z'/),
      expect.stringMatching(/line 9 \(stop\).*without a start/),
      expect.stringMatching(/line 10: unknown document name "bogus"/),
    ]);
    const xs = out.flatMap((o) => (o.kind === 'rows' ? [...(o.data['x'] as Float64Array)] : []));
    expect(xs).toEqual([1, 3, 4]);
  });
  it('a bad JSON line and a document lacking required fields are named', () => {
    const docs = decodeJsonLines('["start", {"uid": "r", "time": 1}]\n["descriptor", {"uid": 3}]\n{not json');
    const out = assemble(docs);
    const problems = out.flatMap((o) => (o.kind === 'problem' ? [`${o.at}: ${o.problem}`] : []));
    expect(problems[0]).toMatch(/line 2: descriptor document: field 'uid' should be string/);
    expect(problems[1]).toMatch(/line 3: not valid JSON/);
  });
  it('a truncated msgpack file keeps what was read and names the break', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(APS_SCAN);
    const dir = mkdtempSync(join(tmpdir(), 'bf-trunc-'));
    writeFileSync(join(dir, 'cut.msgpack'), bytes.subarray(0, bytes.length - 5000));
    const f = readBlueskyFile(join(dir, 'cut.msgpack'));
    const last = f.docs[f.docs.length - 1];
    expect(last.kind).toBe('problem');
    expect(last.kind === 'problem' && last.problem).toMatch(/truncated/);
    expect(f.docs.length).toBeGreaterThan(150);
    expect(f.docs.slice(0, -1).every((d) => d.kind === "doc")).toBe(true);
  });
});

describe('mergeAppends', () => {
  it('merges consecutive appends of one item, keeps order and other events', async () => {
    const { mergeAppends } = await import('../../src/streams/run-items.ts');
    const a = (id: string, ...v: number[]) => ({ type: 'appendData' as const, id, data: { x: new Float64Array(v) } });
    const merged = mergeAppends([a('i', 1), a('i', 2, 3), { type: 'undo' }, a('i', 4), a('j', 5), a('j', 6)]);
    expect(merged).toEqual([a('i', 1, 2, 3), { type: 'undo' }, a('i', 4), a('j', 5, 6)]);
  });
});
