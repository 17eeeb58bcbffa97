/**
 * The work of `beamflow xafs` for one input file, the same on the main thread and in a pool worker: load
 * every spectrum in it, (rebin,) reduce, write NAME.mu.csv, NAME.chi.csv, NAME.chir.csv and NAME.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBeamflowError, messageOf } from '../../graph/errors.ts';
import { itemName } from '../../formats/xafs-file.ts';
import { loadSpectra, type LoadedSpectrum } from '../../formats/xafs-load.ts';
import type { MuChoice } from '../../formats/xafs-mu.ts';
import { csv, writeReduced, type JsonValue } from '../../formats/xafs-write.ts';
import { findE0 } from '../../kernels/xafs/find-e0.ts';
import { windowName, type WindowName } from '../../kernels/xafs/ftwindow.ts';
import { prepareSpectrum } from '../../kernels/xafs/prepare.ts';
import { rebinXafs } from '../../kernels/xafs/rebin.ts';
import { reduceSpectrum, type Reduced, type ReduceParams } from '../../kernels/xafs/reduce.ts';

/** Everything the reduction of one file needs besides the file (plain data: it is sent to workers). */
export interface XafsJob {
  readonly out: string;
  /** The command line's parameters (defaults where none was given). */
  readonly params: ReduceParams;
  /** The options given explicitly (e0, pre1, …, rbkg, kweight, kmin, kmax, dk, window): they win over an Athena group's own. */
  readonly given: readonly string[];
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

/** The parameters recorded in NAME.json. */
export function metaOf(p: ReduceParams): Record<string, JsonValue> {
  const kweight = p.autobk.kweight ?? 2;
  const a = p.autobk;
  const x = p.xftf;
  return {
    pre_edge_params: { e0: p.preEdge.e0 ?? null, pre1: p.preEdge.pre1 ?? null, pre2: p.preEdge.pre2 ?? null, norm1: p.preEdge.norm1 ?? null, norm2: p.preEdge.norm2 ?? null, nnorm: p.preEdge.nnorm ?? null },
    autobk: { rbkg: a.rbkg ?? 1, kweight, kmin: a.kmin ?? 0, kmax: a.kmax ?? null, dk: a.dk ?? 0.1, window: a.window ?? 'hanning', nfft: 2048, kstep: 0.05, nclamp: 3, clamp_lo: 0, clamp_hi: 1 },
    xftf: { kmin: x.kmin ?? 3, kmax_requested: x.kmax ?? 12, dk: x.dk ?? 1, dk2: x.dk ?? 1, window: x.window ?? 'hanning', kweight: x.kweight ?? kweight, nfft: 2048, rmax_out: 10 },
  };
}

/** Reduces and writes one item with the given parameters; µ(E) first rebinned when asked. */
export function reduceAndWrite(job: XafsJob, params: ReduceParams, name: string, file: string, energy0: Float64Array, mu0: Float64Array, extra: Record<string, JsonValue>, flatIsNorm = false): void {
  let energy = energy0;
  let mu = mu0;
  if (job.rebin) {
    const prep = prepareSpectrum(energy0, mu0, file);
    const rb = rebinXafs(prep.energy, prep.mu, { e0: params.preEdge.e0 ?? findE0(prep.energy, prep.mu).e0 });
    energy = rb.energy;
    mu = rb.mu;
  }
  let r: Reduced = reduceSpectrum(energy, mu, file, params);
  if (flatIsNorm) r = { ...r, pre: { ...r.pre, flat: r.pre.norm } };
  writeReduced(job.out, name, r, { file, ...extra, ...metaOf(params), rebinned: job.rebin });
}

/** Whether an error is reduceSpectrum's 'no absorption edge' (the scan does not cross an edge). */
export function isNoEdge(e: unknown): boolean {
  return isBeamflowError(e, 'BadFile') && e.detail.problem.startsWith('no absorption edge');
}

/**
 * A spectrum without an edge (e.g. a scan that stops below it): what can be computed is µ(E) itself, so
 * NAME.mu.csv gets energy and mu (sorted, repeats nudged, as the reduction would), and NAME.json says why
 * there is nothing else. No χ files are written.
 */
function writeMuOnly(job: XafsJob, name: string, file: string, energy: Float64Array, mu: Float64Array, problem: string, extra: Record<string, JsonValue>): void {
  const prep = prepareSpectrum(energy, mu, file);
  mkdirSync(job.out, { recursive: true });
  writeFileSync(join(job.out, `${name}.mu.csv`), csv(['energy', 'mu'], [prep.energy, prep.mu]));
  const json = { name, file, ...extra, npts: prep.energy.length, e0: null, edge_step: null, warning: problem, repairs: [...prep.repairs] };
  writeFileSync(join(job.out, `${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
}

/**
 * An Athena group's own parameters, where the project has them and the command line did not set them:
 * pre_edge as larch's read_athena re-runs it (bkg_e0, bkg_pre1/2, bkg_nor1/2, and bkg_nnorm passed
 * through as the polynomial degree, as the reference outputs do), autobk (bkg_rbkg, bkg_kw, bkg_spl1/2 as
 * k range, bkg_dk, bkg_kwindow) and xftf (fft_kmin, fft_kmax, fft_dk, fft_kwindow). Athena's clamps use
 * another scale and are not carried over. Returns the parameters and the Athena values used.
 */
export function athenaParams(job: XafsJob, athena: Readonly<Record<string, string | number | null>>): { params: ReduceParams; used: Record<string, JsonValue> } {
  const used: Record<string, JsonValue> = {};
  const num = (key: string, opt: string): number | undefined => {
    if (job.given.includes(opt)) return undefined;
    const raw = athena[key];
    const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(v)) return undefined;
    used[key] = v;
    return v;
  };
  const win = (key: string): WindowName | undefined => {
    if (job.given.includes('window')) return undefined;
    const raw = athena[key];
    if (typeof raw !== 'string') return undefined;
    try {
      const w = windowName(raw);
      used[key] = raw;
      return w;
    } catch {
      return undefined;
    }
  };
  const p = job.params;
  const pick = <T>(v: T | undefined, d: T): T => (v === undefined ? d : v);
  const kweight = pick(num('bkg_kw', 'kweight'), p.autobk.kweight ?? 2);
  // autobk's k range and taper have no command-line option ('' is never given)
  const akmin = num('bkg_spl1', '');
  const akmax = num('bkg_spl2', '');
  const adk = num('bkg_dk', '');
  const awin = win('bkg_kwindow');
  const params: ReduceParams = {
    preEdge: {
      ...p.preEdge,
      e0: pick(num('bkg_e0', 'e0'), p.preEdge.e0 ?? null),
      pre1: pick(num('bkg_pre1', 'pre1'), p.preEdge.pre1 ?? null),
      pre2: pick(num('bkg_pre2', 'pre2'), p.preEdge.pre2 ?? null),
      norm1: pick(num('bkg_nor1', 'norm1'), p.preEdge.norm1 ?? null),
      norm2: pick(num('bkg_nor2', 'norm2'), p.preEdge.norm2 ?? null),
      nnorm: pick(num('bkg_nnorm', 'nnorm'), p.preEdge.nnorm ?? null),
    },
    autobk: {
      ...p.autobk,
      rbkg: pick(num('bkg_rbkg', 'rbkg'), p.autobk.rbkg ?? 1),
      kweight,
      ...(akmin !== undefined ? { kmin: akmin } : {}),
      ...(akmax !== undefined && akmax > 0 ? { kmax: akmax } : {}),
      ...(adk !== undefined ? { dk: adk } : {}),
      ...(awin !== undefined ? { window: awin } : {}),
    },
    xftf: {
      ...p.xftf,
      kweight,
      kmin: pick(num('fft_kmin', 'kmin'), p.xftf.kmin ?? 3),
      kmax: pick(num('fft_kmax', 'kmax'), p.xftf.kmax ?? 12),
      dk: pick(num('fft_dk', 'dk'), p.xftf.dk ?? 1),
      window: pick(win('fft_kwindow'), p.xftf.window ?? 'hanning'),
    },
  };
  return { params, used };
}

/** The parameters of one spectrum: the command line's, or an Athena group's own where it has them. */
function itemParams(job: XafsJob, s: LoadedSpectrum): { params: ReduceParams; extra: Record<string, JsonValue>; flatIsNorm: boolean } {
  if (!s.athena) return { params: job.params, extra: {}, flatIsNorm: false };
  const { params, used } = athenaParams(job, s.athena);
  // Athena's flatten = 0 shows the plain norm as 'flat' (larch's read_athena does the same)
  const flatIsNorm = Number(s.athena.bkg_flatten) === 0 && s.athena.bkg_flatten !== null && s.athena.bkg_flatten !== undefined;
  return { params, extra: { athena_params_used: used, athena_flatten: !flatIsNorm }, flatIsNorm };
}

/**
 * Reduces every spectrum of one file. `base` is the item name reserved for the file (its name without
 * extensions, made unique among the inputs in their order); an Athena project's groups are BASE_LABEL.
 * Never throws: a bad file comes back as `error`, with whatever was written before the problem. A spectrum
 * without an edge is not an error: its µ(E) is written and a warning says why nothing else was.
 */
export function reduceFile(job: XafsJob, file: string, base: string): FileResult {
  const written: string[] = [];
  const warnings: string[] = [];
  const spectra: { file: string; energy: Float64Array; mu: Float64Array }[] = [];
  const used = new Set<string>();
  const one = (name: string, s: LoadedSpectrum, mu: Float64Array, extra: Record<string, JsonValue>): boolean => {
    const it = itemParams(job, s);
    try {
      reduceAndWrite(job, it.params, name, file, s.energy, mu, { ...extra, ...it.extra }, it.flatIsNorm);
      written.push(name);
      return true;
    } catch (e) {
      if (!isNoEdge(e)) throw e;
      const problem = (e as { detail: { problem: string } }).detail.problem;
      writeMuOnly(job, name, file, s.energy, mu, problem, extra);
      written.push(name);
      warnings.push(`${file}: ${problem}; wrote ${name}.mu.csv (energy, mu) and ${name}.json only`);
      return false;
    }
  };
  try {
    const own = itemName(file);
    for (const s of loadSpectra(file, job.choice)) {
      let name = base + s.name.slice(own.length);
      for (let i = 2; used.has(name); i++) name = `${base + s.name.slice(own.length)}_${i}`;
      used.add(name);
      const reduced = one(name, s, s.mu, { mu_expr: s.muExpr, energy_column: s.energyColumn });
      if (reduced && job.keepSpectra) spectra.push({ file, energy: s.energy, mu: s.mu });
      if (job.withRef && s.ref) one(`${name}_ref`, s, s.ref, { mu_expr: 'reference channel', energy_column: s.energyColumn });
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
