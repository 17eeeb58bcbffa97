import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/xafs.ts';
import { DATA, REF, maxAbs, maxDiff, readCsv, refParams } from './reference.ts';

const out = mkdtempSync(join(tmpdir(), 'beamflow-xafs-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function quietRun(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err += `${a.join(' ')}\n`;
  });
  try {
    return { code: await run(args), err };
  } finally {
    spy.mockRestore();
  }
}

describe('beamflow xafs', () => {
  it('writes the four files per input and the merge, matching larch', async () => {
    const bad = join(out, 'broken.xdi');
    writeFileSync(bad, '# XDI/1.0\n# Column.1: energy\n# Column.2: i0\n#----\n1 2\n3\n');
    const files = ['repeated/cr2o3_rt_001.xdi', 'repeated/cr2o3_rt_002.xdi', 'repeated/cr2o3_rt_003.xdi', 'transmission/fe.060'].map((f) => DATA + f);
    // fe.060 is a different element: merge only the Cr scans in a second call
    const r1 = await quietRun([...files, bad, '--out', out]);
    expect(r1.code).toBe(1);
    expect(r1.err).toMatch(/broken\.xdi: line 6: 1 values, expected 2 \(truncated file\?\)/);
    const r2 = await quietRun([...files.slice(0, 3), '--out', out, '--merge', 'cr2o3_rt_merged']);
    expect(r2.code).toBe(0);
    for (const [name, refName] of [['cr2o3_rt_001', 'cr2o3_rt_001'], ['fe', 'fe_060'], ['cr2o3_rt_merged', 'cr2o3_rt_merged']]) {
      const mu = readCsv(join(out, `${name}.mu.csv`));
      const ref = readCsv(`${REF}${refName}_mu.csv`);
      expect(Object.keys(mu)).toEqual(['energy', 'mu', 'pre_edge', 'post_edge', 'norm', 'flat']);
      expect(maxDiff(mu.norm, ref.norm) / maxAbs(ref.norm)).toBeLessThan(1e-9);
      const chi = readCsv(join(out, `${name}.chi.csv`));
      expect(Object.keys(chi)).toEqual(['k', 'chi']);
      const rchi = readCsv(`${REF}${refName}_chi.csv`);
      expect(maxDiff(chi.chi, rchi.chi) / maxAbs(rchi.chi)).toBeLessThan(1e-5);
      const chir = readCsv(join(out, `${name}.chir.csv`));
      expect(Object.keys(chir)).toEqual(['r', 'chir_mag', 'chir_re', 'chir_im']);
      const rchir = readCsv(`${REF}${refName}_chir.csv`);
      expect(maxDiff(chir.chir_mag, rchir.chir_mag) / maxAbs(rchir.chir_mag)).toBeLessThan(1e-5);
      const json = JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as Record<string, number>;
      const p = refParams(refName);
      expect(json.e0).toBe(p.pre_edge.e0);
      expect([json.pre1, json.pre2, json.norm1, json.norm2, json.nnorm, json.nspl]).toEqual([p.pre_edge.pre1, p.pre_edge.pre2, p.pre_edge.norm1, p.pre_edge.norm2, p.pre_edge.nnorm, p.autobk?.nspl]);
      expect([json.kmin, json.kmax]).toEqual([3, 12]);
      expect(json.edge_step).toBeCloseTo(p.pre_edge.edge_step, 10);
    }
  });

  it('names items without extensions and honours --mu and the parameters', async () => {
    const r = await quietRun([`${DATA}transmission/cur-Cu-foil_EXAFS_23070.txt.gz`, `${DATA}fluorescence/fexanes_a.001`, '--out', out,
      '--mu', 'sum(fe_ka_mca1..7 * dtfactor_mca1..7) / i0', '--rbkg', '1.2', '--kweight', '3', '--window', 'kaiser', '--dk', '4']);
    // the first file has no fe_ka_mca columns: a clear error, the second is still written
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cur-Cu-foil_EXAFS_23070\.txt\.gz: mu expression .*unknown column 'fe_ka_mca1'/);
    const mu = readCsv(join(out, 'fexanes_a.mu.csv'));
    const ref = readCsv(`${REF}fexanes_a_mu.csv`);
    expect(maxDiff(mu.flat, ref.flat) / maxAbs(ref.norm)).toBeLessThan(1e-9);
    const json = JSON.parse(readFileSync(join(out, 'fexanes_a.json'), 'utf8')) as { autobk: { rbkg: number; kweight: number }; xftf: { window: string; dk: number } };
    expect(json.autobk.rbkg).toBe(1.2);
    expect(json.xftf).toMatchObject({ window: 'kaiser', dk: 4 });
    expect(existsSync(join(out, 'cur-Cu-foil_EXAFS_23070.mu.csv'))).toBe(false);
  });

  it('simulates, reduces and merges demo files', async () => {
    const dir = join(out, 'demo');
    const r = await quietRun(['--simulate', '3', '--out', dir, '--merge', 'sim_avg']);
    expect(r.code).toBe(0);
    for (const name of ['sim_0001', 'sim_0002', 'sim_0003', 'sim_avg']) {
      const json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { e0: number };
      expect(Math.abs(json.e0 - 8979)).toBeLessThan(1.5);
    }
    expect(existsSync(join(dir, 'sim', 'sim_0002.xdi'))).toBe(true);
  });

  it('rejects bad options with exit code 2', async () => {
    expect((await quietRun(['--out', out])).code).toBe(2);
    expect((await quietRun([`${DATA}transmission/fe.060`])).code).toBe(2);
    const r = await quietRun([`${DATA}transmission/fe.060`, '--out', out, '--rbkg', 'abc']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--rbkg must be a number, got 'abc'/);
    expect((await quietRun([`${DATA}transmission/fe.060`, '--out', out, '--window', 'bessel'])).err).toMatch(/unknown window 'bessel'/);
  });

  it('gives the same files and the same messages, in input order, with a pool of workers', async () => {
    const bad1 = join(out, 'pool_bad1.xdi');
    const bad2 = join(out, 'pool_bad2.dat');
    writeFileSync(bad1, '# XDI/1.0\n# Column.1: energy\n# Column.2: i0\n#----\n1 2\n3\n');
    writeFileSync(bad2, '# e i0 it\n1 2 3\n4 5 x6\n7 8 9\n');
    const files = [bad1, 'repeated/cr2o3_rt_001.xdi', 'athena/cu.prj', bad2, 'transmission/fe.060', 'repeated/cr2o3_rt_002.xdi'].map((f) => (f.startsWith('/') ? f : DATA + f));
    const runs = [];
    for (const workers of ['1', '3']) {
      const dir = join(out, `pool${workers}`);
      const r = await quietRun([...files, '--out', dir, '--workers', workers, '--merge', 'avg', '--quiet']);
      runs.push({ ...r, dir, names: readdirSync(dir).sort() });
    }
    const [one, three] = runs;
    expect(three.code).toBe(1);
    expect(three.err.replaceAll('pool3', 'poolN')).toBe(one.err.replaceAll('pool1', 'poolN'));
    const lines = three.err.trim().split('\n');
    expect(lines[0]).toMatch(/pool_bad1\.xdi: line 6: 1 values, expected 2/);
    expect(lines[1]).toMatch(/pool_bad2\.dat: line 3: 'x6' is not a number/);
    expect(three.names).toEqual(one.names);
    expect(three.names).toContain('cu_cu010k_dat.json');
    for (const f of three.names) expect(readFileSync(join(three.dir, f), 'utf8'), f).toBe(readFileSync(join(one.dir, f), 'utf8'));
    expect((await quietRun([files[1], '--out', out, '--workers', '0'])).code).toBe(2);
  });

  it("reduces Athena groups with their own parameters, as larch's read_athena re-runs pre_edge", async () => {
    const dir = join(out, 'athena');
    const r = await quietRun([`${DATA}athena/fe_athena.prj`, `${DATA}athena/cu.prj`, '--out', dir, '--quiet']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(readFileSync(`${REF}athena_projects_parsed.json`, 'utf8')) as Record<string, { label: string; athena_bkg_params: Record<string, number | string> }>;
    for (const [key, ref] of Object.entries(parsed)) {
      const name = `${key.split('/')[0]}_${ref.label.replace(/[^\w-]+/g, '_')}`;
      const mu = readCsv(join(dir, `${name}.mu.csv`));
      const csv = readCsv(`${REF}athena_${key.replace('/', '_')}.csv`);
      expect(maxDiff(mu.norm, csv.norm) / maxAbs(csv.norm), name).toBeLessThan(1e-9);
      expect(maxDiff(mu.flat, csv.flat) / maxAbs(csv.norm), name).toBeLessThan(1e-9);
      const json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { e0: number; nnorm: number; autobk: { rbkg: number } };
      expect(json.e0).toBe(Number(ref.athena_bkg_params.e0));
      expect(json.autobk.rbkg).toBe(Number(ref.athena_bkg_params.rbkg));
    }
    // an option on the command line wins over the project's value
    const r2 = await quietRun([`${DATA}athena/cu.prj`, '--out', join(dir, 'rbkg'), '--rbkg', '1.3', '--quiet']);
    expect(r2.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'rbkg', 'cu_cu010k_dat.json'), 'utf8')) as { autobk: { rbkg: number } };
    expect(json.autobk.rbkg).toBe(1.3);
  });

  it('writes mu(E) with a warning for a scan that does not reach the edge', async () => {
    const dir = join(out, 'noedge');
    const r = await quietRun([`${DATA}fluorescence/fe_xanes_8ch.xdi`, `${DATA}transmission/fe.060`, '--out', dir, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*fe_xanes_8ch\.xdi: no absorption edge: .*; wrote fe_xanes_8ch\.mu\.csv \(energy, mu\) and fe_xanes_8ch\.json only/);
    const mu = readCsv(join(dir, 'fe_xanes_8ch.mu.csv'));
    expect(Object.keys(mu)).toEqual(['energy', 'mu']);
    expect(mu.energy.length).toBe(100);
    expect(JSON.parse(readFileSync(join(dir, 'fe_xanes_8ch.json'), 'utf8'))).toMatchObject({ e0: null, edge_step: null });
    expect(existsSync(join(dir, 'fe_xanes_8ch.chi.csv'))).toBe(false);
    expect(existsSync(join(dir, 'fe.chir.csv'))).toBe(true);
  });
});
