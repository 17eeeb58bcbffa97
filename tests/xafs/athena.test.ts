import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseAthena, readAthena } from '../../src/formats/athena.ts';
import { isBeamflowError } from '../../src/graph/errors.ts';
import { preEdge } from '../../src/kernels/xafs/pre-edge.ts';
import { DATA, REF, maxAbs, maxDiff, readCsv } from './reference.ts';

interface Parsed {
  label: string;
  npts: number;
  larch_edge_step: number;
  athena_bkg_params: Record<string, number | string>;
}
const parsed = JSON.parse(readFileSync(`${REF}athena_projects_parsed.json`, 'utf8')) as Record<string, Parsed>;

describe('Athena project files', () => {
  for (const [prj, file] of [['fe_athena', 'fe_athena.prj'], ['cu', 'cu.prj']] as const) {
    const groups = readAthena(`${DATA}athena/${file}`);
    for (const [key, ref] of Object.entries(parsed).filter(([k]) => k.startsWith(`${prj}/`))) {
      it(key, () => {
        const g = groups.find((x) => x.label === ref.label);
        expect(g, `group ${ref.label}`).toBeDefined();
        const csv = readCsv(`${REF}athena_${key.replace('/', '_')}.csv`);
        expect(g!.arrays.energy.length).toBe(ref.npts);
        expect(maxDiff(g!.arrays.energy, csv.energy)).toBe(0);
        expect(maxDiff(g!.arrays.mu, csv.mu)).toBe(0);
        if (csv.i0) expect(maxDiff(g!.arrays.i0, csv.i0)).toBe(0);
        const b = ref.athena_bkg_params;
        expect(Number(g!.params.bkg_e0)).toBe(Number(b.e0));
        // larch re-runs pre_edge with Athena's parameters (bkg_nnorm passed through as the degree)
        const pre = preEdge(g!.arrays.energy, g!.arrays.mu, {
          e0: Number(b.e0), pre1: Number(b.pre1), pre2: Number(b.pre2), norm1: Number(b.nor1), norm2: Number(b.nor2), nnorm: Number(b.nnorm),
        });
        expect(pre.edgeStep).toBeCloseTo(ref.larch_edge_step, 9);
        expect(maxDiff(pre.norm, csv.norm) / maxAbs(csv.norm)).toBeLessThan(1e-9);
        // Athena's flatten = 0 means its 'flat' is the plain norm
        const flat = Number(b.flatten) === 0 ? pre.norm : pre.flat;
        expect(maxDiff(flat, csv.flat) / maxAbs(csv.norm)).toBeLessThan(1e-9);
      });
    }
  }

  it('reports a truncated project, a bad number and a non-project clearly', () => {
    const text = readFileSync(`${DATA}athena/cu.prj`);
    const full = readAthenaText(text);
    const cut = full.slice(0, full.indexOf('[record]'));
    expect(() => parseAthena(cut, 'cut.prj')).toThrow(/cut\.prj: group '.*' has no closing \[record\] line/);
    const badNum = full.replace("@y = ('", "@y = ('abc','");
    expect(() => parseAthena(badNum, 'bad.prj')).toThrow(/bad\.prj: line \d+: @y\[0\] = "abc" is not a number/);
    const unterminated = full.replace(/@x = \('([^']*)'/, "@x = ('$1");
    expect(() => parseAthena(unterminated, 'q.prj')).toThrow(/q\.prj: line \d+/);
    try {
      parseAthena('hello', 'x.prj');
    } catch (e) {
      expect(isBeamflowError(e, 'BadFile')).toBe(true);
    }
    expect(() => parseAthena('# Athena project file\n$old_group = \'a\';\n@args = (\'label\', \'g\');\n@x = (\'1\');\n@y = (\'1\',\'2\');\n[record]\n', 'len.prj')).toThrow(/@y has 2 points, @x has 1/);
  });
});

function readAthenaText(bytes: Buffer): string {
  return gunzipSync(bytes).toString('utf8');
}
