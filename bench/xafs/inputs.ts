/** The shared real transmission spectra the XAFS bench runs on (read in place, never copied). */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA = resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/data/xafs');

export const BENCH_FILES: readonly string[] = [
  'transmission/Cu_Foil_rt_2016Foils.xdi', 'transmission/Fe_Foil_rt_2016Foils.xdi', 'transmission/Zn_foil.xdi',
  'transmission/Ni_metal_rt_01.xdi', 'transmission/cu_metal_rt.xdi', 'transmission/fe.060',
  'transmission/cur-Cu-foil_EXAFS_23070.txt.gz', 'repeated/cr2o3_rt_001.xdi', 'repeated/cr2o3_rt_002.xdi', 'repeated/cr2o3_rt_003.xdi',
].map((f) => resolve(DATA, f));
