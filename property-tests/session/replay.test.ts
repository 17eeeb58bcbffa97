/**
 * Record random sessions (items added and grown, parameter edits, selection, combinations, removals,
 * undo/redo, project loads of an earlier state, with or without its undo history, in the middle of the
 * recording), replay the log at several speeds on a virtual-time scheduler, and compare the document,
 * the history and every node's output bit for bit with the recording engine.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/graph/index.ts';
import { readSession } from '../../src/session/log-reader.ts';
import { recordSession } from '../../src/session/record.ts';
import { replayInto } from '../../src/session/replay-engine.ts';
import type { NodeData } from '../../src/graph/types.ts';
import { replayableRecords, type RecordedEvent } from '../../src/session/load-record.ts';
import { snapshot, testPipeline } from '../../tests/session/helpers/pipeline.ts';

const dir = mkdtempSync(join(tmpdir(), 'bf-prop-session-'));
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const points = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.float64Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), fc.float64Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })));
const pick = fc.array(fc.nat(20), { minLength: 1, maxLength: 3 });

type Cmd =
  | { c: 'add'; pts: [Float64Array, Float64Array] }
  | { c: 'append'; who: number; pts: [Float64Array, Float64Array] }
  | { c: 'scale'; who: number[]; a: number; b: number }
  | { c: 'smooth'; who: number[]; n: number }
  | { c: 'select'; who: number[] }
  | { c: 'avg'; who: number[] }
  | { c: 'remove'; who: number[] }
  | { c: 'stop'; who: number[]; node: string | null }
  | { c: 'undo' } | { c: 'redo' } | { c: 'wait'; ms: number }
  | { c: 'save' } | { c: 'load'; which: number } | { c: 'restore'; which: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  points.map((pts) => ({ c: 'add' as const, pts })),
  fc.record({ c: fc.constant('append' as const), who: fc.nat(20), pts: points }),
  fc.record({ c: fc.constant('scale' as const), who: pick, a: finite, b: finite }),
  fc.record({ c: fc.constant('smooth' as const), who: pick, n: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ c: fc.constant('select' as const), who: pick }),
  fc.record({ c: fc.constant('avg' as const), who: fc.array(fc.nat(20), { minLength: 2, maxLength: 3 }) }),
  fc.record({ c: fc.constant('remove' as const), who: pick }),
  fc.record({ c: fc.constant('stop' as const), who: pick, node: fc.constantFrom(null, 'raw', 'scaled') }),
  fc.constant({ c: 'undo' as const }), fc.constant({ c: 'redo' as const }),
  fc.record({ c: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 5000 }) }),
  fc.constant({ c: 'save' as const }),
  fc.record({ c: fc.constant('load' as const), which: fc.nat(5) }),
  fc.record({ c: fc.constant('restore' as const), which: fc.nat(5) }),
);

function run(engine: Engine, cmds: readonly Cmd[], tick: (ms: number) => void): void {
  const ids = (): string[] => [...engine.document.items.keys()];
  const some = (who: readonly number[]): string[] => { const all = ids(); return all.length ? [...new Set(who.map((w) => all[w % all.length]))] : []; };
  let n = 0;
  // Earlier states (document and entry data), loaded back later as a project would be.
  const saved: { doc: Engine['document']; data: Map<string, NodeData>; steps: { doc: Engine['document']; label: string }[]; cursor: number }[] = [];
  for (const k of cmds) {
    tick(1);
    try {
      switch (k.c) {
        case 'add': engine.addItem({ id: `it${n++}`, name: `item ${n}`, entry: 'raw', data: { x: k.pts[0], y: k.pts[1] } }); break;
        case 'append': { const s = some([k.who]); if (s.length) engine.appendData(s[0], { x: k.pts[0], y: k.pts[1] }); break; }
        case 'scale': engine.setParams(some(k.who), 'scale', { a: k.a, b: k.b }); break;
        case 'smooth': engine.setParams(some(k.who), 'smooth', { n: k.n }); break;
        case 'select': engine.select(some(k.who)); break;
        case 'avg': { const s = some(k.who); if (s.length >= 2) engine.addCombination({ id: `c${n++}`, name: 'avg', op: 'average', parents: s, node: 'scaled' }); break; }
        case 'remove': engine.removeItems(some(k.who)); break;
        case 'stop': engine.setStop(some(k.who), k.node); break;
        case 'undo': engine.undo(); break;
        case 'redo': engine.redo(); break;
        case 'wait': tick(k.ms); break;
        case 'save': {
          const data = new Map<string, NodeData>();
          for (const id of engine.document.items.keys()) { const d = engine.entryData(id); if (d) data.set(id, d); }
          const h = engine.historyState;
          saved.push({ doc: engine.document, data, steps: h.steps.toArray().map((st) => ({ doc: st.doc, label: st.label })), cursor: h.cursor });
          break;
        }
        case 'load': { const s = saved[k.which % Math.max(1, saved.length)]; if (s) engine.load(s.doc, s.data, 'load project'); break; }
        case 'restore': { const s = saved[k.which % Math.max(1, saved.length)]; if (s) engine.restoreHistory(s.steps, s.cursor, s.data); break; }
      }
    } catch {
      // refused actions (e.g. appending to a combination) change nothing and are not recorded
    }
  }
}

const state = (e: Engine) => ({ doc: e.document.toJS(), history: e.history$.getValue(), nodes: snapshot(e) });

describe('session replay property', () => {
  it('replay at any speed ends in the same document and the same node outputs, bit for bit', async () => {
    let case_ = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 25 }), fc.constantFrom('jsonl', 'msgpack'), async (cmds, enc) => {
        const file = join(dir, `s${case_++}.${enc}`);
        let now = 1_700_000_000_000;
        const rec = createEngine(testPipeline);
        const recording = recordSession(rec, file, { clock: () => now, fsync: { kind: 'never' } });
        run(rec, cmds, (ms) => { now += ms; });
        await rec.settled();
        recording.stop();
        const expected = state(rec);
        await rec.close();
        const log = readSession<RecordedEvent>(file);
        expect(log.problems).toEqual([]);
        const records = replayableRecords(log.records, testPipeline, file, (i, p) => { throw new Error(`record ${i}: ${p}`); });
        for (const speed of [null, 1, 7.5, 0.25]) {
          const scheduler = new VirtualTimeScheduler();
          const eng = createEngine(testPipeline);
          const done = replayInto(eng, records, { pace: speed === null ? { kind: 'instant' } : { kind: 'speed', speed }, scheduler });
          scheduler.flush();
          const r = await done;
          expect(r.refused).toEqual([]);
          expect(state(eng)).toEqual(expected);
          if (speed !== null) expect(scheduler.now()).toBeCloseTo((log.records.at(-1)?.t ?? 0) / speed, 6);
          await eng.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
