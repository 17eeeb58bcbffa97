/**
 * `beamflow demo`: runs a pipeline on built-in simulated data without a GUI and prints what it did.
 * (The GUI demo is `beamflow serve --demo`.)
 */
import { createEngine, defineNode, definePipeline, defineTransform } from '../../graph/index.ts';

export const summary = 'run a small pipeline on built-in simulated spectra and print what it did (no GUI)';

const counts = defineNode({ id: 'counts', label: 'counts', arrays: [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'i0', role: 'y', unit: 'counts' }, { name: 'it', role: 'y', unit: 'counts' }] });
const mu = defineNode({ id: 'mu', label: 'µ(E)', arrays: [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'mu', role: 'y', unit: '' }] });
const deriv = defineNode({ id: 'dmu', label: 'dµ/dE', arrays: [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'dmu', role: 'y', unit: '1/eV' }] });

const absorbance = defineTransform({
  name: 'absorbance', from: 'counts', to: 'mu', params: {}, inArrays: ['energy', 'i0', 'it'], outArrays: ['energy', 'mu'],
  run: (d) => ({ energy: d.energy, mu: (d.i0 as Float64Array).map((v, k) => Math.log(v / (d.it as Float64Array)[k])) }),
});
const derivative = defineTransform({
  name: 'derivative', from: 'mu', to: 'dmu', params: { smooth: { kind: 'integer', default: 1, min: 1, max: 51 } }, inArrays: ['energy', 'mu'], outArrays: ['energy', 'dmu'],
  run: (d, p) => {
    const e = d.energy as Float64Array;
    const m = d.mu as Float64Array;
    const h = Math.max(1, p.smooth >> 1);
    return { energy: e, dmu: m.map((_, i) => { const a = Math.max(0, i - h); const b = Math.min(m.length - 1, i + h); return (m[b] - m[a]) / (e[b] - e[a]); }) };
  },
});

function simulated(edge: number, seed: number) {
  const n = 400;
  const energy = Float64Array.from({ length: n }, (_, i) => edge - 100 + i * 0.75);
  const i0 = energy.map((_, i) => 2e5 * (1 + 0.01 * Math.sin(i / 13 + seed)));
  const it = energy.map((e, i) => i0[i] * Math.exp(-(0.4 + 1 / (1 + Math.exp(-(e - edge) / 1.5)) + 0.05 * Math.sin((e - edge) / 6) * (e > edge ? 1 : 0))));
  return { energy, i0, it };
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('usage: beamflow demo\n\n' + summary);
    return 0;
  }
  const engine = createEngine(definePipeline({ nodes: [counts, mu, deriv], transforms: [absorbance, derivative] }));
  const edges = [8979, 8979, 8333, 7112];
  const names = ['Cu #1', 'Cu #2', 'Ni', 'Fe'];
  const ids = engine.addItems(edges.map((edge, i) => ({ name: `${names[i]} foil (simulated)`, entry: 'counts', data: simulated(edge, i) })));
  await engine.settled();
  const edgeOf = (id: string): string => {
    const s = engine.state('dmu', id);
    if (s?.status !== 'ok') return s?.status ?? 'absent';
    const d = s.data.dmu as Float64Array;
    let k = 0;
    for (let i = 1; i < d.length; i++) if (d[i] > d[k]) k = i;
    return `${(s.data.energy as Float64Array)[k].toFixed(2)} eV`;
  };
  console.log('beamflow demo: 4 simulated transmission scans through counts → µ(E) → dµ/dE');
  for (const id of ids) console.log(`  ${engine.document.items.get(id)!.name.padEnd(22)} edge (max dµ/dE) at ${edgeOf(id)}`);
  const avg = engine.addCombination({ name: 'average Cu #1 + #2', op: 'average', parents: ids.slice(0, 2), node: 'mu' });
  engine.setParams(ids, 'derivative', { smooth: 5 });
  await engine.settled();
  console.log(`  set smooth=5 on all 4 (one history step); average of the two Cu scans: ${engine.state('dmu', avg)?.status}`);
  engine.undo();
  await engine.settled();
  console.log(`  undo → history at step ${engine.history$.getValue().cursor}: ${engine.history$.getValue().labels.join(' | ')}`);
  console.log(`  cache: ${engine.cacheStats.hits} hits, ${engine.cacheStats.misses} misses`);
  await engine.close();
  return 0;
}
