import { parseAthena } from './athena.ts';
import { badFile, utf8 } from './column-table.ts';
import { readTextBytes } from './text-file.ts';
import { isAthenaHead, itemName, parseXafsBytes } from './xafs-file.ts';
import { chooseMu, type MuChoice } from './xafs-mu.ts';

/** One spectrum read from a file, ready for the reduction: raw energy and µ, plus where they came from. */
export interface LoadedSpectrum {
  readonly name: string;
  readonly file: string;
  readonly energy: Float64Array;
  readonly mu: Float64Array;
  /** The reference channel µ (ln(itrans/irefer)) when the file has one. */
  readonly ref: Float64Array | null;
  /** All columns of the file by label (the raw node's arrays). */
  readonly columns: Readonly<Record<string, Float64Array>>;
  readonly muExpr: string;
  readonly energyColumn: string;
  /** An Athena group's stored parameters (@args: bkg_e0, bkg_rbkg, fft_kmin, …); absent for column files. */
  readonly athena?: Readonly<Record<string, string | number | null>>;
}

/**
 * Reads every spectrum in a file: one for a column file (XDI, XDAC, plain, gzip or not), one per group
 * for an Athena project (named FILE_LABEL). Errors are BeamflowError BadFile naming the file.
 */
export function loadSpectra(path: string, choice: MuChoice = {}): LoadedSpectrum[] {
  const bytes = readTextBytes(path);
  const base = itemName(path);
  if (isAthenaHead(utf8(bytes, 0, Math.min(bytes.length, 200)))) {
    return parseAthena(utf8(bytes), path).map((g) => {
      const mu = g.arrays.mu;
      if (!mu) throw badFile(path, `group '${g.label}' has no @y (mu) array`);
      return {
        name: `${base}_${g.label.replace(/[^\w-]+/g, '_')}`, file: path, energy: g.arrays.energy, mu, ref: null,
        columns: g.arrays, muExpr: 'mu', energyColumn: 'energy', athena: g.params,
      };
    });
  }
  const table = parseXafsBytes(bytes, path);
  const cols = chooseMu(table, choice);
  const columns: Record<string, Float64Array> = {};
  table.labels.forEach((l, i) => (columns[l] = table.columns[i]));
  return [{ name: base, file: path, energy: cols.energy, mu: cols.mu, ref: cols.ref, columns, muExpr: cols.muExpr, energyColumn: cols.energyColumn }];
}
