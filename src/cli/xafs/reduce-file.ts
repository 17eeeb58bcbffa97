/**
 * The work of `beamflow xafs` for one input file, the same on the main thread and in a pool worker: load
 * every spectrum in it, (rebin,) reduce, write NAME.mu.csv, NAME.chi.csv, NAME.chir.csv and NAME.json.
 */
import { isBeamflowError, messageOf } from '../../graph/errors.ts';
import { itemName } from '../../formats/xafs-file.ts';
import { loadSpectra } from '../../formats/xafs-load.ts';
import type { MuChoice } from '../../formats/xafs-mu.ts';
import { writeReduced, type JsonValue } from '../../formats/xafs-write.ts';
import { findE0 } from '../../kernels/xafs/find-e0.ts';
import { prepareSpectrum } from '../../kernels/xafs/prepare.ts';
import { rebinXafs } from '../../kernels/xafs/rebin.ts';
import { reduceSpectrum, type ReduceParams } from '../../kernels/xafs/reduce.ts';

/** Everything the reduction of one file needs besides the file (plain data: it is sent to workers). */
export interface XafsJob {
  readonly out: string;
  readonly params: ReduceParams;
  readonly meta: Readonly<Record<string, JsonValue>>;
  readonly choice: MuChoice;
  readonly rebin: boolean;
  readonly withRef: boolean;
  /** Return each spectrum's energy and µ (for --merge). */
  readonly keepSpectra: boolean;
}

export interface FileResult {
  readonly file: string;
  /** Item names written, in order. */
  readonly written: readonly string[];
  /** The clear message of a bad file ('FILE: problem'); absent when it was reduced. */
  readonly error?: string;
  /** Warnings about what was written (e.g. µ only, no edge). */
  readonly warnings: readonly string[];
  readonly spectra: readonly { readonly file: string; readonly energy: Float64Array; readonly mu: Float64Array }[];
}

/** Reduces and writes one item; µ(E) first rebinned when asked. */
export function reduceAndWrite(job: XafsJob, name: string, file: string, energy0: Float64Array, mu0: Float64Array, extra: Record<string, JsonValue>): void {
  let energy = energy0;
  let mu = mu0;
  if (job.rebin) {
    const prep = prepareSpectrum(energy0, mu0, file);
    const rb = rebinXafs(prep.energy, prep.mu, { e0: job.params.preEdge.e0 ?? findE0(prep.energy, prep.mu).e0 });
    energy = rb.energy;
    mu = rb.mu;
  }
  const r = reduceSpectrum(energy, mu, file, job.params);
  writeReduced(job.out, name, r, { file, ...extra, ...job.meta, rebinned: job.rebin });
}

/**
 * Reduces every spectrum of one file. `base` is the item name reserved for the file (its name without
 * extensions, made unique among the inputs in their order); an Athena project's groups are BASE_LABEL.
 * Never throws: a bad file comes back as `error`, with whatever was written before the problem.
 */
export function reduceFile(job: XafsJob, file: string, base: string): FileResult {
  const written: string[] = [];
  const warnings: string[] = [];
  const spectra: { file: string; energy: Float64Array; mu: Float64Array }[] = [];
  const used = new Set<string>();
  try {
    const own = itemName(file);
    for (const s of loadSpectra(file, job.choice)) {
      let name = base + s.name.slice(own.length);
      for (let i = 2; used.has(name); i++) name = `${base + s.name.slice(own.length)}_${i}`;
      used.add(name);
      reduceAndWrite(job, name, file, s.energy, s.mu, { mu_expr: s.muExpr, energy_column: s.energyColumn });
      written.push(name);
      if (job.keepSpectra) spectra.push({ file, energy: s.energy, mu: s.mu });
      if (job.withRef && s.ref) {
        reduceAndWrite(job, `${name}_ref`, file, s.energy, s.ref, { mu_expr: 'reference channel', energy_column: s.energyColumn });
        written.push(`${name}_ref`);
      }
    }
    return { file, written, warnings, spectra };
  } catch (e) {
    return { file, written, warnings, spectra, error: isBeamflowError(e) ? e.message : `${file}: ${messageOf(e)}` };
  }
}

/** Unique base names for the inputs, in their order (`x.xdi`, `y/x.xdi` → x, x_2), reserving NAME_ref too. */
export function baseNames(files: readonly string[], withRef: boolean): string[] {
  const used = new Set<string>();
  return files.map((f) => {
    const own = itemName(f);
    let n = own;
    for (let i = 2; used.has(n) || (withRef && used.has(`${n}_ref`)); i++) n = `${own}_${i}`;
    used.add(n);
    if (withRef) used.add(`${n}_ref`);
    return n;
  });
}
