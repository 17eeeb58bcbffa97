/**
 * Live composition: a scan arrives point by point from an Observable, the pipeline reduces it as it grows,
 * an average of two scans updates live, and node outputs are composed with ordinary RxJS operators.
 * Run: node bin/run-ts.js examples/live-compose.ts
 */
import { concat, from, map, filter, distinctUntilChanged, zip, timer, type Observable } from 'rxjs';
import { createEngine, defineNode, definePipeline, defineTransform, type FeedEvent } from '../src/index.ts';

const raw = defineNode({ id: 'raw', label: 'raw', arrays: [{ name: 'x', role: 'x', unit: 'eV' }, { name: 'y', role: 'y', unit: '' }] });
const smooth = defineNode({ id: 'smooth', label: 'smoothed', arrays: [{ name: 'x', role: 'x', unit: 'eV' }, { name: 'y', role: 'y', unit: '' }] });
const smoothing = defineTransform({
  name: 'smoothing', from: 'raw', to: 'smooth', params: { width: { kind: 'integer', default: 3, min: 1 } }, inArrays: ['x', 'y'], outArrays: ['x', 'y'],
  run: (d, p) => {
    const y = d.y as Float64Array;
    const h = p.width >> 1;
    return { x: d.x, y: y.map((_, i) => { let s = 0; let n = 0; for (let j = Math.max(0, i - h); j <= Math.min(y.length - 1, i + h); j++) { s += y[j]; n++; } return s / n; }) };
  },
});
const engine = createEngine(definePipeline({ nodes: [raw, smooth], transforms: [smoothing] }));

/** A simulated scan: `points` points in chunks of 10, one chunk every 5 ms. */
function scan(id: string, phase: number, points: number): Observable<FeedEvent> {
  const chunks = Array.from({ length: points / 10 }, (_, c) => {
    const x = Float64Array.from({ length: 10 }, (_, i) => c * 10 + i);
    return { type: 'append' as const, id, data: { x, y: x.map((v) => Math.sin(v / 9 + phase)) } };
  });
  return concat(from([{ type: 'add' as const, item: { id, name: id, entry: 'raw' } }]), zip(from(chunks), timer(0, 5)).pipe(map(([c]) => c)));
}

engine.feed(scan('scanA', 0, 100));
engine.feed(scan('scanB', 0.5, 100));
engine.addCombination({ id: 'avg', name: 'average A+B', op: 'average', parents: ['scanA', 'scanB'], node: 'smooth' });

// Composition with RxJS: how many points of the average are ready, printed when it changes.
const progress = engine.node$('smooth').pipe(
  map((items) => items.get('avg')),
  filter((s) => s?.status === 'ok'),
  map((s) => (s?.status === 'ok' ? (s.data.x as Float64Array).length : 0)),
  distinctUntilChanged(),
);
const sub = progress.subscribe((n) => console.log(`average ready over ${n} points`));
await new Promise((r) => setTimeout(r, 200));
await engine.settled();
sub.unsubscribe();
const avg = engine.data('smooth', 'avg')!;
console.log(`final average: ${(avg.x as Float64Array).length} points, y[50] = ${(avg.y as Float64Array)[50].toFixed(6)}`);
await engine.close();
