import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Shared data lives beside the clone (../shared), never inside the project. */
export const DATA = fileURLToPath(new URL('../../../shared/data/xafs/', import.meta.url));
export const REF = `${DATA}reference/`;

export type Table = Record<string, Float64Array>;

/** Reads one of the reference CSV files (header line, then numbers). */
export function readCsv(path: string): Table {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = lines[0].split(',');
  const cols = names.map(() => new Float64Array(lines.length - 1));
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(',');
    for (let j = 0; j < names.length; j++) cols[j][i - 1] = Number(f[j]);
  }
  return Object.fromEntries(names.map((n, j) => [n, cols[j]]));
}

export interface RefParams {
  readonly name: string;
  readonly npts: number;
  readonly find_e0: number;
  readonly pre_edge: { e0: number; edge_step: number; pre1: number; pre2: number; norm1: number; norm2: number; nnorm: number; ie0: number };
  readonly autobk?: { nspl: number; irbkg: number; iek0: number; iemax: number; kmax: number; spl_coefs_final: number[] };
  readonly xftf?: { kmax: number };
}

export function refParams(name: string): RefParams {
  return JSON.parse(readFileSync(`${REF}${name}_params.json`, 'utf8')) as RefParams;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Spectra with χ(k) references, and the XANES-only ones. */
export const CHI_SPECTRA = [
  'Cu_Foil_rt_2016Foils', 'Fe_Foil_rt_2016Foils', 'Zn_foil', 'Ni_metal_rt_01', 'cu_metal_rt', 'fe_060',
  'parseq_cu_foil_23070', 'cr2o3_rt_001', 'cr2o3_rt_002', 'cr2o3_rt_003', 'cr_foil_refchannel_of_cr2o3_rt_001',
  'cr2o3_rt_merged',
] as const;
export const XANES_SPECTRA = ['fexanes_a', 'fexanes_b', 'fexanes_c', 'fexanes_d', 'fexanes_e', 'fexanes_merged'] as const;
