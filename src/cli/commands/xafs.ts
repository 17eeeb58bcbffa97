/**
 * `beamflow xafs FILES... --out DIR`: reduces XAFS spectra (raw counts → µ(E) → χ(k) → χ(R)) as larch does,
 * writing NAME.mu.csv, NAME.chi.csv, NAME.chir.csv and NAME.json per input (and per --merge).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simulatedXdi, simulateSpectrum } from '../../sim/xafs.ts';
import { messageOf } from '../../graph/errors.ts';
import { itemName } from '../../formats/xafs-file.ts';
import { windowName } from '../../kernels/xafs/ftwindow.ts';
import { mergeSpectra } from '../../kernels/xafs/merge.ts';
import type { ReduceParams } from '../../kernels/xafs/reduce.ts';
import { reduceInPool } from '../xafs/pool.ts';
import { baseNames, metaOf, reduceAndWrite, reduceFile, type FileResult, type XafsJob } from '../xafs/reduce-file.ts';

export const summary = 'reduce XAFS files (XDI, XDAC, columns, gzip, Athena) to µ(E), χ(k), χ(R) as larch does';

const help = `usage: beamflow xafs FILES... --out DIR [options]

Writes DIR/NAME.mu.csv (energy, mu, pre_edge, post_edge, norm, flat), DIR/NAME.chi.csv (k, chi),
DIR/NAME.chir.csv (r, chir_mag, chir_re, chir_im) and DIR/NAME.json for each input; NAME is the file name
without extensions. Defaults are larch's (autobk rbkg 1, kweight 2), xftf: kmin 3, kmax 12, dk 1, hanning.

  --out DIR        output folder (required)
  --mu EXPR        µ from columns, e.g. 'ln(i0/itrans)' or 'sum(fe_ka_mca1..7*dtfactor_mca1..7)/i0'
                   (default: ln(i0/itrans) with the usual column names)
  --energy NAME    energy column (default: energy, eraw or e)
  --e0 EV          edge energy (default: find_e0)
  --pre1 --pre2    pre-edge range, eV relative to e0
  --norm1 --norm2  normalisation range, eV relative to e0
  --nnorm N        post-edge polynomial degree
  --rbkg R         autobk R cut-off (Å), default 1
  --kweight W      k-weight of autobk and xftf, default 2
  --kmin --kmax    xftf k range (Å⁻¹), default 3 and 12 (kmax clipped to the data)
  --dk DK          xftf taper width, default 1
  --window NAME    xftf window: hanning, parzen, welch, sine, kaiser, gaussian
  --merge NAME     also write the average of all inputs (larch merge_groups, cubic) as NAME
  --rebin          rebin µ(E) first (larch rebin_xafs: 2 eV pre-edge, XANES from the data, 0.05 Å⁻¹)
  --with-ref       also reduce the reference channel ln(itrans/irefer) as NAME_ref
  --simulate N     write N simulated Cu K-edge XDI files to DIR/sim (seeds 1..N) and reduce them too
  --workers N      worker threads (default: one per 200 files, at most one per core; 1 = this thread)
  --quiet          no progress bar`;

/** Default --workers: one worker per this many files (at most one per core). */
const FILES_PER_WORKER = 200;

const NUMERIC = ['e0', 'pre1', 'pre2', 'norm1', 'norm2', 'nnorm', 'rbkg', 'kweight', 'kmin', 'kmax', 'dk'] as const;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got '${v}'`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' }, mu: { type: 'string' }, energy: { type: 'string' }, window: { type: 'string' },
        merge: { type: 'string' }, simulate: { type: 'string' }, workers: { type: 'string' }, rebin: { type: 'boolean' }, 'with-ref': { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(NUMERIC.map((k) => [k, { type: 'string' as const }])),
      },
    });
  } catch (e) {
    console.error(`beamflow xafs: ${messageOf(e)}\n\n${help}`);
    return 2;
  }
  const o = parsed.values as Record<string, string | boolean | undefined>;
  if (o.help) {
    console.log(help);
    return 0;
  }
  const files = [...parsed.positionals];
  if (typeof o.simulate === 'string' && typeof o.out === 'string') {
    const count = Number(o.simulate);
    if (!Number.isInteger(count) || count < 1) {
      console.error(`beamflow xafs: --simulate must be a positive integer, got '${o.simulate}'`);
      return 2;
    }
    files.push(...writeSimulated(join(o.out, 'sim'), count));
  }
  if (files.length === 0 || typeof o.out !== 'string') {
    console.error(`beamflow xafs: ${files.length === 0 ? 'no input files' : '--out DIR is required'}\n\n${help}`);
    return 2;
  }
  let params: ReduceParams;
  let workers: number;
  let given: string[];
  try {
    // a worker costs ~0.3 s of start-up (tsx, module graph): worth it from a few hundred files on
    workers = o.workers === undefined ? Math.max(1, Math.min(os.availableParallelism(), Math.floor(files.length / FILES_PER_WORKER))) : Number(o.workers);
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a positive integer, got '${String(o.workers)}'`);
    const n = Object.fromEntries(NUMERIC.map((k) => [k, num(k, o[k] as string | undefined)])) as Record<(typeof NUMERIC)[number], number | undefined>;
    const window = windowName(typeof o.window === 'string' ? o.window : 'hanning');
    const kweight = n.kweight ?? 2;
    params = {
      preEdge: { e0: n.e0 ?? null, pre1: n.pre1 ?? null, pre2: n.pre2 ?? null, norm1: n.norm1 ?? null, norm2: n.norm2 ?? null, nnorm: n.nnorm ?? null },
      autobk: { rbkg: n.rbkg ?? 1, kweight },
      xftf: { kmin: n.kmin ?? 3, kmax: n.kmax ?? 12, dk: n.dk ?? 1, window, kweight },
    };
    given = [...NUMERIC.filter((k) => n[k] !== undefined), ...(typeof o.window === 'string' ? ['window'] : [])];
  } catch (e) {
    console.error(`beamflow xafs: ${messageOf(e)}`);
    return 2;
  }
  const out = o.out;
  const choice = { ...(typeof o.mu === 'string' ? { mu: o.mu } : {}), ...(typeof o.energy === 'string' ? { energy: o.energy } : {}) };
  const job: XafsJob = { out, params, given, choice, rebin: o.rebin === true, withRef: o['with-ref'] === true, keepSpectra: typeof o.merge === 'string' };
  const progress = !o.quiet && files.length > 1 && process.stderr.isTTY === true;
  const loaded: { file: string; energy: Float64Array; mu: Float64Array }[] = [];
  let failures = 0;
  // results arrive in input order (from the pool too): progress, messages and the merge are deterministic
  const onResult = (r: FileResult, i: number): void => {
    if (progress) bar(i + 1, files.length, itemName(r.file));
    for (const w of r.warnings) {
      if (progress) process.stderr.write('\n');
      console.error(`beamflow xafs: warning: ${w}`);
    }
    loaded.push(...r.spectra);
    if (r.error !== undefined) {
      failures++;
      if (progress) process.stderr.write('\n');
      console.error(`beamflow xafs: ${r.error}`);
    }
  };
  const bases = baseNames(files, job.withRef);
  if (progress) bar(0, files.length, itemName(files[0]));
  if (workers <= 1) files.forEach((f, i) => onResult(reduceFile(job, f, bases[i]), i));
  else {
    try {
      await reduceInPool(job, files, bases, workers, onResult);
    } catch (e) {
      console.error(`beamflow xafs: worker pool failed: ${messageOf(e)}`);
      return 1;
    }
  }
  if (progress) bar(files.length, files.length, 'done\n');
  if (typeof o.merge === 'string') {
    try {
      if (loaded.length === 0) throw new Error('no spectrum could be read');
      const m = mergeSpectra(loaded);
      reduceAndWrite(job, job.params, o.merge, `merge of ${loaded.length} spectra`, m.energy, m.mu, { merged: loaded.map((s) => s.file), merge_kind: m.kind });
    } catch (e) {
      failures++;
      console.error(`beamflow xafs: merge '${o.merge}': ${messageOf(e)}`);
    }
  }
  if (failures > 0) console.error(`beamflow xafs: ${failures} of ${files.length + (o.merge ? 1 : 0)} failed; the others were written to ${out}`);
  return failures > 0 ? 1 : 0;
}

function bar(done: number, total: number, label: string): void {
  const w = 30;
  const fill = Math.round((w * done) / total);
  process.stderr.write(`\r[${'#'.repeat(fill)}${'-'.repeat(w - fill)}] ${done}/${total} ${label.slice(0, 40).padEnd(40)}`);
}

/** Simulated Cu K-edge files sim_0001.xdi … (seeds 1..n), for the demo and the docs. */
function writeSimulated(dir: string, n: number): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const name = `sim_${String(i + 1).padStart(4, '0')}`;
    const path = join(dir, `${name}.xdi`);
    writeFileSync(path, simulatedXdi(simulateSpectrum({ seed: i + 1 }), name));
    return path;
  });
}
