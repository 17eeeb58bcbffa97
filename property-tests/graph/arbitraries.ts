/** Random sessions on the toy pipeline for the engine's property tests. */
import fc from 'fast-check';
import type { Engine } from '../../src/graph/index.ts';
import { ramp } from '../../tests/graph/fixtures/toy.ts';

export type Op =
  | { kind: 'scale'; items: number[]; factor: number; offset: number }
  | { kind: 'smooth'; items: number[]; window: number }
  | { kind: 'clip'; items: number[]; max: number | null }
  | { kind: 'stop'; items: number[]; node: string | null }
  | { kind: 'combine'; items: number[]; op: 'average' | 'sum' | 'rms'; node: string }
  | { kind: 'remove'; item: number }
  | { kind: 'data'; item: number; slope: number }
  | { kind: 'append'; item: number; n: number }
  | { kind: 'undo' }
  | { kind: 'redo' };

const items = fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 });

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), items, factor: fc.constantFrom(0.5, 1, 2, 3, 13), offset: fc.constantFrom(0, 1, -2) }),
  fc.record({ kind: fc.constant('smooth' as const), items, window: fc.constantFrom(1, 3, 5) }),
  fc.record({ kind: fc.constant('clip' as const), items, max: fc.constantFrom(null, 3, 10) }),
  fc.record({ kind: fc.constant('stop' as const), items, node: fc.constantFrom(null, 'scaled', 'smooth') }),
  fc.record({ kind: fc.constant('combine' as const), items, op: fc.constantFrom('average' as const, 'sum' as const, 'rms' as const), node: fc.constantFrom('raw', 'scaled', 'smooth') }),
  fc.record({ kind: fc.constant('remove' as const), item: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('data' as const), item: fc.integer({ min: 0, max: 5 }), slope: fc.constantFrom(0.5, 2, 4) }),
  fc.record({ kind: fc.constant('append' as const), item: fc.integer({ min: 0, max: 5 }), n: fc.integer({ min: 1, max: 4 }) }),
  fc.constant({ kind: 'undo' as const }),
  fc.constant({ kind: 'redo' as const }),
);

export const sessionArb = fc.array(opArb, { minLength: 1, maxLength: 25 });

/** Starts an engine with six base items. */
export function seed(e: Engine): void {
  e.addItems(Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, name: `s${i}`, entry: 'raw', data: ramp(16 + i, 1 + i / 3) })));
}

/** Applies one random operation, mapping indices onto the items that exist now (a no-op if none fits). */
export function applyOp(e: Engine, op: Op): void {
  const ids = [...e.document.items.keys()];
  const pick = (is: number[]) => [...new Set(is.map((i) => ids[i % Math.max(1, ids.length)]).filter((x): x is string => x !== undefined))];
  const base = ids.filter((id) => e.document.items.get(id)!.source.kind !== 'combination');
  switch (op.kind) {
    case 'scale':
      if (ids.length) e.setParams(pick(op.items), 'scale', { factor: op.factor, offset: op.offset });
      return;
    case 'smooth':
      if (ids.length) e.setParams(pick(op.items), 'smooth', { window: op.window });
      return;
    case 'clip':
      if (ids.length) e.setParams(pick(op.items), 'clip', { max: op.max });
      return;
    case 'stop':
      if (ids.length) e.setStop(pick(op.items), op.node);
      return;
    case 'combine': {
      const parents = op.items.map((i) => base[i % Math.max(1, base.length)]).filter((x): x is string => x !== undefined);
      if (parents.length) e.addCombination({ name: op.op, op: op.op, parents: [...new Set(parents)], node: op.node });
      return;
    }
    case 'remove':
      if (ids.length) e.removeItems([ids[op.item % ids.length]]);
      return;
    case 'data':
      if (base.length) {
        const id = base[op.item % base.length];
        e.setData(id, ramp(16 + (op.item % 4), op.slope));
      }
      return;
    case 'append':
      if (base.length) {
        const id = base[op.item % base.length];
        const cur = e.entryData(id);
        const n0 = cur ? (cur.x as Float64Array).length : 0;
        const x = Float64Array.from({ length: op.n }, (_, k) => n0 + k);
        e.appendData(id, { x, y: x.map((v) => Math.cos(v)) });
      }
      return;
    case 'undo':
      e.undo();
      return;
    case 'redo':
      e.redo();
      return;
  }
}

/** Every node's output as comparable plain values (status, error text, and exact bits of the data). */
export function snapshot(e: Engine): unknown {
  const out: Record<string, unknown> = {};
  for (const node of e.pipeline.order) {
    const m: Record<string, unknown> = {};
    for (const [id, s] of e.output(node)) {
      if (s.status === 'ok') m[id] = Object.fromEntries(Object.entries(s.data).sort().map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v as Float64Array)]));
      else if (s.status === 'failed') m[id] = `failed: ${s.error} @${s.origin}`;
      else m[id] = 'pending';
    }
    out[node] = m;
  }
  return out;
}
