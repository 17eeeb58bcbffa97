/**
 * Quick start: a three-node pipeline, a few items, one parameter edit, undo and redo.
 * Run: node bin/run-ts.js examples/quickstart.ts
 */
import { createEngine, defineNode, definePipeline, defineTransform, type NodeData } from '../src/index.ts';

const counts = defineNode({ id: 'counts', label: 'counts', arrays: [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'i0', role: 'y', unit: 'counts' }, { name: 'it', role: 'y', unit: 'counts' }] });
const mu = defineNode({ id: 'mu', label: 'µ(E)', arrays: [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'mu', role: 'y', unit: '' }] });
const norm = defineNode({ id: 'norm', label: 'normalized µ(E)', arrays: [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'norm', role: 'y', unit: '' }] });

const absorbance = defineTransform({
  name: 'absorbance', from: 'counts', to: 'mu', params: {}, inArrays: ['energy', 'i0', 'it'], outArrays: ['energy', 'mu'],
  run: (d) => {
    const i0 = d.i0 as Float64Array;
    const it = d.it as Float64Array;
    return { energy: d.energy, mu: i0.map((v, k) => Math.log(v / it[k])) };
  },
});

const normalize = defineTransform({
  name: 'normalize', from: 'mu', to: 'norm',
  params: { pre: { kind: 'integer', default: 20, min: 2, label: 'pre-edge points' }, post: { kind: 'integer', default: 20, min: 2, label: 'post-edge points' } },
  inArrays: ['energy', 'mu'], outArrays: ['energy', 'norm'],
  run: (d, p) => {
    const m = d.mu as Float64Array;
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const lo = mean(m.subarray(0, p.pre));
    const hi = mean(m.subarray(m.length - p.post));
    return { energy: d.energy, norm: m.map((v) => (v - lo) / (hi - lo)) };
  },
});

const pipeline = definePipeline({ nodes: [counts, mu, norm], transforms: [absorbance, normalize] });

function scan(edge: number, n = 200): NodeData {
  const energy = Float64Array.from({ length: n }, (_, i) => edge - 50 + i);
  const i0 = energy.map(() => 1e5);
  const it = energy.map((e) => 1e5 * Math.exp(-(0.3 + 0.7 / (1 + Math.exp(-(e - edge) / 2)))));
  return { energy, i0, it };
}

const engine = createEngine(pipeline);
const ids = engine.addItems([
  { name: 'Cu foil', entry: 'counts', data: scan(8979) },
  { name: 'Ni foil', entry: 'counts', data: scan(8333) },
]);
engine.node$('norm').subscribe((items) => {
  const summary = [...items].map(([id, s]) => `${engine.document.items.get(id)?.name}: ${s.status === 'ok' ? (s.data.norm as Float64Array)[52].toFixed(4) : s.status}`);
  console.log(`norm node → ${summary.join(', ')}`);
});
await engine.settled();

engine.setParams([ids[0]], 'normalize', { pre: 40 });
await engine.settled();
engine.undo();
await engine.settled();
engine.redo();
await engine.settled();
console.log(`history: ${engine.history$.getValue().labels.join(' | ')}`);
await engine.close();
