/**
 * Athena (.prj) import: each group becomes an item entering at the pipeline's raw node with its arrays
 * (energy, mu, i0...), and the Demeter parameters that have a counterpart in the pipeline's transforms
 * are carried over (bkg_e0 → normalize.e0, bkg_rbkg → autobk.rbkg, fft_kmin → xftf.kmin, ...). The data
 * are embedded when the project is saved (the .prj is not needed afterwards).
 */
import { readAthena, type AthenaGroup } from '../formats/athena.ts';
import type { AddItemInput, Engine } from '../graph/engine.ts';
import { checkParam } from '../graph/params.ts';
import type { Pipeline } from '../graph/pipeline.ts';
import type { ParamValue } from '../graph/types.ts';

/** [transform, parameter, Athena key, conversion]. Athena's pre/post ranges are relative to E0, like larch's. */
const PARAMS: readonly [string, string, string, (v: number | string) => ParamValue][] = [
  ['normalize', 'e0', 'bkg_e0', Number],
  ['normalize', 'pre1', 'bkg_pre1', Number],
  ['normalize', 'pre2', 'bkg_pre2', Number],
  ['normalize', 'norm1', 'bkg_nor1', Number],
  ['normalize', 'norm2', 'bkg_nor2', Number],
  // Athena counts polynomial terms (3 = quadratic), larch's nnorm is the degree.
  ['normalize', 'nnorm', 'bkg_nnorm', (v) => Number(v) - 1],
  ['autobk', 'rbkg', 'bkg_rbkg', Number],
  ['autobk', 'kweight', 'bkg_kw', Number],
  ['autobk', 'kmin', 'bkg_spl1', Number],
  ['autobk', 'kmax', 'bkg_spl2', Number],
  ['autobk', 'window', 'bkg_kwindow', String],
  ['xftf', 'kmin', 'fft_kmin', Number],
  ['xftf', 'kmax', 'fft_kmax', Number],
  ['xftf', 'dk', 'fft_dk', Number],
  ['xftf', 'window', 'fft_kwindow', String],
  ['mu', 'eshift', 'bkg_eshift', Number],
];

export function athenaParams(g: AthenaGroup, pipeline: Pipeline): Record<string, Record<string, ParamValue>> {
  const out: Record<string, Record<string, ParamValue>> = {};
  for (const [tname, pname, key, conv] of PARAMS) {
    const t = pipeline.transforms.get(tname);
    const raw = g.params[key];
    if (!t || !(pname in t.params) || raw === null || raw === undefined || raw === '') continue;
    const v = conv(raw);
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    try {
      (out[tname] ??= {})[pname] = checkParam(t, pname, v);
    } catch {
      // a value our transform does not accept (e.g. an unknown window) keeps the default
    }
  }
  return out;
}

export function athenaItems(prj: string, pipeline: Pipeline): AddItemInput[] {
  const entry = pipeline.nodes.has('raw') ? 'raw' : pipeline.order[0];
  return readAthena(prj).map((g) => ({
    name: g.label, entry, data: g.arrays, file: prj, params: athenaParams(g, pipeline),
    meta: { athenaProject: prj, athenaGroup: g.group },
  }));
}

/** Adds every group of an Athena project as one history step; returns the new item ids. */
export function importAthena(engine: Engine, prj: string): string[] {
  return engine.addItems(athenaItems(prj, engine.pipeline), `import ${prj}`);
}
