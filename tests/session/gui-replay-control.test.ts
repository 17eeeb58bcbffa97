/** The app server's replay control (app/server/replay-control.ts): listing, confinement, mapping, a replay to its end. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { parseMapping, ReplayControl } from '../../app/server/replay-control.ts';
import { createEngine } from '../../src/graph/index.ts';
import { recordSession } from '../../src/session/record.ts';
import { replayFile } from '../../src/session/replay-file.ts';
import { snapshot, testPipeline } from './helpers/pipeline.ts';

describe('ReplayControl', () => {
  it('parses column mappings as beamflow replay --map does', () => {
    expect(parseMapping('energy=mono*1000, i0=Ion Ch 1\nit = I1 ')).toEqual({ energy: { key: 'mono', scale: 1000 }, i0: 'Ion Ch 1', it: 'I1' });
    expect(parseMapping('  ')).toBeUndefined();
    expect(() => parseMapping('energy')).toThrow(/COL=KEY/);
  });

  it('lists replayable files inside its roots only, and refuses anything it did not list', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bf-rc-'));
    const outside = mkdtempSync(join(tmpdir(), 'bf-rc-out-'));
    mkdirSync(join(root, 'runs'));
    writeFileSync(join(root, 'runs', 'a.jsonl'), '{}\n');
    writeFileSync(join(root, 'b.msgpack'), new Uint8Array([0x80]));
    writeFileSync(join(root, 'notes.txt'), 'x');
    writeFileSync(join(root, '.hidden.jsonl'), '{}\n');
    writeFileSync(join(outside, 'secret.jsonl'), '{}\n');
    symlinkSync(join(outside, 'secret.jsonl'), join(root, 'link.jsonl'));
    const engine = createEngine(testPipeline);
    const rc = new ReplayControl(engine, [root]);
    const ids = rc.files$.getValue().map((f) => f.id);
    expect(ids).toContain('0:runs/a.jsonl');
    expect(ids).toContain('0:b.msgpack');
    expect(ids).not.toContain('0:notes.txt');
    expect(ids).not.toContain('0:.hidden.jsonl');
    expect(() => rc.start({ file: '0:../secret.jsonl', speed: null })).toThrow(/no such file/);
    // A link listed inside the root that leads outside it is refused too.
    expect(() => rc.start({ file: '0:link.jsonl', speed: null })).toThrow(/outside the data folder/);
    expect(() => rc.pause()).toThrow(/no replay/);
    rc.close();
    await engine.close();
  });

  it('replays a session log into its engine to the summary and state of replayFile; an upload too', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bf-rc-'));
    const log = join(root, 's.msgpack');
    let now = 0;
    const e = createEngine(testPipeline);
    const rec = recordSession(e, log, { clock: () => (now += 5), fsync: { kind: 'never' } });
    e.addItem({ id: 'a', name: 'A', entry: 'raw', data: { x: new Float64Array([1, 2, 3]), y: new Float64Array([3, 1, 2]) } });
    e.setParams(['a'], 'smooth', { n: 2 });
    await e.settled();
    rec.stop();
    const ref = await replayFile(log, { pipeline: testPipeline, pace: { kind: 'instant' } });

    const engine = createEngine(testPipeline);
    const rc = new ReplayControl(engine, [root]);
    rc.start({ file: '0:s.msgpack', speed: 4 });
    const end = await firstValueFrom(rc.state$.pipe(filter((s) => s.status === 'done' || s.status === 'failed')));
    expect(end.error).toBeNull();
    expect(end.summary).toEqual(ref.summary);
    expect(end.done).toBe(end.total);
    expect(snapshot(engine)).toEqual(snapshot(ref.engine));

    const up = rc.upload('my log.msgpack', new Uint8Array(await import('node:fs').then((f) => f.readFileSync(log))));
    expect(up.id).toMatch(/^upload:1:my_log\.msgpack$/);
    rc.start({ file: up.id, speed: null, clear: true });
    const end2 = await firstValueFrom(rc.state$.pipe(filter((s) => s.status === 'done' || s.status === 'failed')));
    expect(end2.summary?.items).toBe(1);
    expect(snapshot(engine)).toEqual(snapshot(ref.engine));
    rc.close();
    await Promise.all([engine.close(), e.close(), ref.engine.close()]);
  });
});
