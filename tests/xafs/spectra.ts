import { chooseMu, type MuChoice } from '../../src/formats/xafs-mu.ts';
import { readXafsTable } from '../../src/formats/xafs-file.ts';
import { DATA } from './reference.ts';

const FLUO = 'sum(fe_ka_mca1..7 * dtfactor_mca1..7) / i0';

/** How each reference spectrum is made from the raw shared files (per reference/README.md). */
export const SOURCES: Readonly<Record<string, { readonly file: string; readonly choice?: MuChoice; readonly useRef?: boolean }>> = {
  Cu_Foil_rt_2016Foils: { file: 'transmission/Cu_Foil_rt_2016Foils.xdi' },
  Fe_Foil_rt_2016Foils: { file: 'transmission/Fe_Foil_rt_2016Foils.xdi' },
  Zn_foil: { file: 'transmission/Zn_foil.xdi' },
  Ni_metal_rt_01: { file: 'transmission/Ni_metal_rt_01.xdi' },
  cu_metal_rt: { file: 'transmission/cu_metal_rt.xdi' },
  fe_060: { file: 'transmission/fe.060' },
  parseq_cu_foil_23070: { file: 'transmission/cur-Cu-foil_EXAFS_23070.txt.gz' },
  cr2o3_rt_001: { file: 'repeated/cr2o3_rt_001.xdi' },
  cr2o3_rt_002: { file: 'repeated/cr2o3_rt_002.xdi' },
  cr2o3_rt_003: { file: 'repeated/cr2o3_rt_003.xdi' },
  cr_foil_refchannel_of_cr2o3_rt_001: { file: 'repeated/cr2o3_rt_001.xdi', useRef: true },
  fexanes_a: { file: 'fluorescence/fexanes_a.001', choice: { mu: FLUO } },
  fexanes_b: { file: 'fluorescence/fexanes_b.001', choice: { mu: FLUO } },
  fexanes_c: { file: 'fluorescence/fexanes_c.001', choice: { mu: FLUO } },
  fexanes_d: { file: 'fluorescence/fexanes_d.001', choice: { mu: FLUO } },
  fexanes_e: { file: 'fluorescence/fexanes_e.001', choice: { mu: FLUO } },
};

export const MERGES: Readonly<Record<string, readonly string[]>> = {
  cr2o3_rt_merged: ['cr2o3_rt_001', 'cr2o3_rt_002', 'cr2o3_rt_003'],
  fexanes_merged: ['fexanes_a', 'fexanes_b', 'fexanes_c', 'fexanes_d', 'fexanes_e'],
};

/** Energy and raw µ of a reference spectrum, read from the shared raw file with our readers. */
export function loadRaw(name: string): { energy: Float64Array; mu: Float64Array } {
  const src = SOURCES[name];
  if (!src) throw new Error(`no source for ${name}`);
  const cols = chooseMu(readXafsTable(`${DATA}${src.file}`), src.choice);
  if (src.useRef) {
    if (!cols.ref) throw new Error(`${name}: no reference channel`);
    return { energy: cols.energy, mu: cols.ref };
  }
  return { energy: cols.energy, mu: cols.mu };
}
