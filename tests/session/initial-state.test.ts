import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/graph/index.ts';
import { readSession } from '../../src/session/log-reader.ts';
import { recordSession } from '../../src/session/record.ts';
import { replayFile } from '../../src/session/replay-file.ts';
import { snapshot, testPipeline } from './helpers/pipeline.ts';

describe('a recording that starts from a non-empty engine', () => {
  it.each(['jsonl', 'msgpack'])('carries the starting state in its header, and a replay starts from it (%s)', async (enc) => {
    const file = join(mkdtempSync(join(tmpdir(), 'bf-initial-')), `s.${enc}`);
    const e = createEngine(testPipeline);
    e.addItem({ id: 'a', name: 'A', entry: 'raw', data: { x: new Float64Array([1, 2, 3]), y: new Float64Array([4, 5, 6]) } });
    e.setParams(['a'], 'scale', { a: 3 });
    await e.settled();
    const rec = recordSession(e, file);
    e.appendData('a', { x: new Float64Array([4]), y: new Float64Array([7]) });
    e.addItem({ id: 'b', name: 'B', entry: 'raw', data: { x: new Float64Array([1]), y: new Float64Array([2]) } });
    e.setParams(['a', 'b'], 'smooth', { n: 2 });
    await e.settled();
    rec.stop();
    expect(readSession(file).header.initial).toBeDefined();
    const { engine: r } = await replayFile(file, { pipeline: testPipeline, pace: { kind: 'instant' } });
    expect(r.document.toJS()).toEqual(e.document.toJS());
    expect(snapshot(r)).toEqual(snapshot(e));
    await r.close();
    await e.close();
  });
});
