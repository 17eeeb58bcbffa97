import { afterAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { createEngine, type Engine, type NodeData } from '../../src/graph/index.ts';
import { xasPipeline } from '../../src/pipelines/xas.ts';
import { xasCombiners, xasItemsFromFile } from '../../src/pipelines/xas-items.ts';
import { DATA, REF, maxAbs, maxDiff, readCsv } from './reference.ts';

const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
});

function f64(d: NodeData | undefined, k: string): Float64Array {
  const v = d?.[k];
  if (!(v instanceof Float64Array)) throw new Error(`no ${k}`);
  return v;
}

describe('XAS pipeline on the engine (worker pool)', () => {
  it('reduces files to larch\'s χ(R), merges live, edits and undoes', async () => {
    const engine = createEngine(xasPipeline, { workers: 2, combiners: xasCombiners });
    engines.push(engine);
    const files = ['repeated/cr2o3_rt_001.xdi', 'repeated/cr2o3_rt_002.xdi', 'repeated/cr2o3_rt_003.xdi', 'transmission/Cu_Foil_rt_2016Foils.xdi'];
    const ids = engine.addItems(files.flatMap((f) => xasItemsFromFile(DATA + f)));
    const merged = engine.addCombination({ name: 'cr2o3_rt_merged', op: 'merge', parents: ids.slice(0, 3), node: 'mu' });
    await engine.settled();
    const check = (id: string, ref: string): void => {
      const chir = readCsv(`${REF}${ref}_chir.csv`);
      const st = engine.state('chir', id);
      expect(st?.status, JSON.stringify(st)).toBe('ok');
      expect(maxDiff(f64(engine.data('chir', id), 'chir_mag'), chir.chir_mag) / maxAbs(chir.chir_mag)).toBeLessThan(1e-5);
      const norm = readCsv(`${REF}${ref}_mu.csv`);
      expect(maxDiff(f64(engine.data('norm', id), 'norm'), norm.norm) / maxAbs(norm.norm)).toBeLessThan(1e-9);
    };
    check(ids[0], 'cr2o3_rt_001');
    check(ids[3], 'Cu_Foil_rt_2016Foils');
    check(merged, 'cr2o3_rt_merged');
    const s = engine.state('chi', ids[3]);
    expect(s?.status === 'ok' && s.backend).toBe('pool(2)');

    // an rbkg edit changes χ of that item only; undo gives back the same arrays (cached)
    const before = engine.data('chi', ids[3]);
    const other = engine.data('chi', ids[0]);
    engine.setParams([ids[3]], 'autobk', { rbkg: 1.4 });
    await engine.settled();
    const after = engine.data('chi', ids[3]);
    expect(after).not.toBe(before);
    expect(after?.nspl).toBeGreaterThan(before?.nspl as number);
    expect(engine.data('chi', ids[0])).toBe(other);
    engine.undo();
    await engine.settled();
    expect(maxDiff(f64(engine.data('chi', ids[3]), 'chi'), f64(before, 'chi'))).toBe(0);

    // the merge follows its parents: dropping a glitch point in one parent changes the merged µ
    const m0 = f64(engine.data('mu', merged), 'mu');
    const e1 = f64(engine.data('mu', ids[1]), 'energy');
    engine.setParams([ids[1]], 'mu', { deglitch: [e1[200]] });
    await engine.settled();
    expect(f64(engine.data('mu', ids[1]), 'energy').length).toBe(e1.length - 1);
    expect(maxDiff(f64(engine.data('mu', merged), 'mu'), m0)).toBeGreaterThan(0);
  });

  it('reference channel, energy calibration and fluorescence expressions are transforms parameters', async () => {
    const engine = createEngine(xasPipeline, { combiners: xasCombiners });
    engines.push(engine);
    const [cr] = engine.addItems(xasItemsFromFile(`${DATA}repeated/cr2o3_rt_001.xdi`));
    const [ref] = engine.addItems(xasItemsFromFile(`${DATA}repeated/cr2o3_rt_001.xdi`).map((i) => ({ ...i, name: 'cr foil', params: { mu: { mu: 'ln(itrans/irefer)' } } })));
    const [fl] = engine.addItems(xasItemsFromFile(`${DATA}fluorescence/fexanes_a.001`, { mu: 'sum(fe_ka_mca1..7 * dtfactor_mca1..7) / i0' }));
    await engine.settled();
    expect(engine.data('norm', ref)?.e0).toBe(5991.499);
    const flat = readCsv(`${REF}fexanes_a_mu.csv`).flat;
    expect(maxDiff(f64(engine.data('norm', fl), 'flat'), flat) / maxAbs(flat)).toBeLessThan(1e-9);
    // align the reference channel's E0 to the Cr K edge tabulated value: everything shifts by the same amount
    engine.setParams([cr], 'mu', { alignRefE0: 5989 });
    await engine.settled();
    expect(engine.data('norm', cr)?.e0).toBeCloseTo(6008 + (5989 - 5991.499), 9);
    // rebinning is an in-place transform at µ, off by default
    const n0 = (engine.data('mu', fl)?.energy as Float64Array).length;
    engine.setParams([fl], 'rebin', { enabled: true, xanesStep: 1 });
    await engine.settled();
    expect((engine.data('mu', fl)?.energy as Float64Array).length).toBeLessThan(n0);
    expect(engine.state('norm', fl)?.status).toBe('ok');
  });

  it('a bad file is a failed item with the reader\'s message; a bad parameter fails that item only', async () => {
    const engine = createEngine(xasPipeline);
    engines.push(engine);
    const [bad] = engine.addItems(xasItemsFromFile(`${DATA}nope.xdi`));
    const [good] = engine.addItems(xasItemsFromFile(`${DATA}transmission/fe.060`));
    await engine.settled();
    const st = engine.state('raw', bad);
    expect(st?.status).toBe('failed');
    if (st?.status === 'failed') expect(st.error).toMatch(/nope\.xdi: no such file/);
    engine.setParams([good], 'mu', { mu: 'ln(i0/iz)' });
    await engine.settled();
    const f = engine.state('mu', good);
    expect(f?.status).toBe('failed');
    if (f?.status === 'failed') expect(f.error).toMatch(/unknown column 'iz'/);
    const out = await firstValueFrom(engine.node$('chir').pipe(filter((m) => m.has(good))));
    expect(out.get(good)?.status).toBe('failed');
  });
});
