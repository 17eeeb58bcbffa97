import { mkdtempSync, renameSync, mkdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/graph/index.ts';
import { xasPipeline } from '../../src/pipelines/xas.ts';
import { athenaItems, importAthena } from '../../src/project/athena-import.ts';
import { loadProject } from '../../src/project/load.ts';
import { saveProject } from '../../src/project/save.ts';

const XAFS = fileURLToPath(new URL('../../../shared/data/xafs/', import.meta.url));
const FE = `${XAFS}athena/fe_athena.prj`;
const CU = `${XAFS}athena/cu.prj`;
const parsed = JSON.parse(readFileSync(`${XAFS}reference/athena_projects_parsed.json`, 'utf8')) as Record<string, { label: string; npts: number; larch_e0: number; athena_bkg_params: Record<string, number | string> }>;

describe('Athena .prj import', () => {
  it('every group becomes an item with its points and its Demeter parameters', () => {
    const items = athenaItems(FE, xasPipeline);
    const refs = Object.entries(parsed).filter(([k]) => k.startsWith('fe_athena/')).map(([, v]) => v);
    expect(items.map((i) => i.name)).toEqual(refs.map((r) => r.label));
    items.forEach((it, i) => {
      expect((it.data!['energy'] as Float64Array).length).toBe(refs[i].npts);
      const bkg = refs[i].athena_bkg_params;
      expect(it.params).toMatchObject({
        normalize: { e0: Number(bkg['e0']), pre1: Number(bkg['pre1']), pre2: Number(bkg['pre2']), norm1: Number(bkg['nor1']), norm2: Number(bkg['nor2']), nnorm: Number(bkg['nnorm']) - 1 },
        autobk: { rbkg: Number(bkg['rbkg']), kweight: Number(bkg['kw']) },
      });
    });
  });
  it('imported into the XAFS pipeline, saved, moved and reopened: same results', async () => {
    const e = createEngine(xasPipeline);
    const ids = importAthena(e, CU);
    await e.settled();
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(e.state('norm', id)?.status).toBe('ok');
    const dir = join(mkdtempSync(join(tmpdir(), 'bf-athena-')), 'a');
    mkdirSync(dir);
    saveProject(e, join(dir, 'cu.bfproj'), { pipeline: 'xas' });
    const norm = ids.map((id) => e.data('norm', id));
    await e.close();
    renameSync(dir, `${dir}-moved`);
    const f = createEngine(xasPipeline);
    const r = loadProject(f, join(`${dir}-moved`, 'cu.bfproj'));
    await f.settled();
    expect(r.failed.size).toBe(0);
    expect(ids.map((id) => f.data('norm', id))).toEqual(norm);
    expect(f.document.items.get(ids[0])?.params.get('normalize')?.get('e0')).toBe(8977.58);
    await f.close();
  });
  it('a file that is not an Athena project is an error naming it', () => {
    expect(() => athenaItems(`${XAFS}transmission/fe.060`, xasPipeline)).toThrow(/fe\.060/);
  });
});
