/**
 * `beamflow xafs FILES... --out DIR`: reduces XAFS spectra (raw counts → µ(E) → χ(k) → χ(R)) as larch does,
 * writing NAME.mu.csv, NAME.chi.csv, NAME.chir.csv and NAME.json per input (and per --merge).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simulatedXdi, simulateSpectrum } from '../../sim/xafs.ts';
import { isBeamflowError, messageOf } from '../../graph/errors.ts';
import { itemName } from '../../formats/xafs-file.ts';
import { loadSpectra, type LoadedSpectrum } from '../../formats/xafs-load.ts';
import { writeReduced, type JsonValue } from '../../formats/xafs-write.ts';
import { windowName } from '../../kernels/xafs/ftwindow.ts';
import { mergeSpectra } from '../../kernels/xafs/merge.ts';
import { reduceSpectrum, type ReduceParams } from '../../kernels/xafs/reduce.ts';
import { findE0 } from '../../kernels/xafs/find-e0.ts';
import { prepareSpectrum } from '../../kernels/xafs/prepare.ts';
import { rebinXafs } from '../../kernels/xafs/rebin.ts';

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
  --quiet          no progress bar`;

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
        merge: { type: 'string' }, simulate: { type: 'string' }, rebin: { type: 'boolean' }, 'with-ref': { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
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
  let meta: Record<string, JsonValue>;
  try {
    const n = Object.fromEntries(NUMERIC.map((k) => [k, num(k, o[k] as string | undefined)])) as Record<(typeof NUMERIC)[number], number | undefined>;
    const window = windowName(typeof o.window === 'string' ? o.window : 'hanning');
    const kweight = n.kweight ?? 2;
    params = {
      preEdge: { e0: n.e0 ?? null, pre1: n.pre1 ?? null, pre2: n.pre2 ?? null, norm1: n.norm1 ?? null, norm2: n.norm2 ?? null, nnorm: n.nnorm ?? null },
      autobk: { rbkg: n.rbkg ?? 1, kweight },
      xftf: { kmin: n.kmin ?? 3, kmax: n.kmax ?? 12, dk: n.dk ?? 1, window, kweight },
    };
    meta = {
      pre_edge_params: { ...params.preEdge },
      autobk: { rbkg: n.rbkg ?? 1, kweight, kmin: 0, kmax: null, dk: 0.1, window: 'hanning', nfft: 2048, kstep: 0.05, nclamp: 3, clamp_lo: 0, clamp_hi: 1 },
      xftf: { kmin: n.kmin ?? 3, kmax_requested: n.kmax ?? 12, dk: n.dk ?? 1, dk2: n.dk ?? 1, window, kweight, nfft: 2048, rmax_out: 10 },
    };
  } catch (e) {
    console.error(`beamflow xafs: ${messageOf(e)}`);
    return 2;
  }
  const out = o.out;
  const choice = { ...(typeof o.mu === 'string' ? { mu: o.mu } : {}), ...(typeof o.energy === 'string' ? { energy: o.energy } : {}) };
  const progress = !o.quiet && files.length > 1 && process.stderr.isTTY === true;
  const used = new Set<string>();
  const loaded: LoadedSpectrum[] = [];
  let failures = 0;
  const reduceAndWrite = (name: string, file: string, energy0: Float64Array, mu0: Float64Array, extra: Record<string, JsonValue>): void => {
    let energy = energy0;
    let mu = mu0;
    if (o.rebin) {
      const prep = prepareSpectrum(energy0, mu0, file);
      const rb = rebinXafs(prep.energy, prep.mu, { e0: params.preEdge.e0 ?? findE0(prep.energy, prep.mu).e0 });
      energy = rb.energy;
      mu = rb.mu;
    }
    const r = reduceSpectrum(energy, mu, file, params);
    writeReduced(out, name, r, { file, ...extra, ...meta, rebinned: o.rebin === true });
  };
  files.forEach((file, i) => {
    if (progress) bar(i, files.length, itemName(file));
    try {
      for (const s of loadSpectra(file, choice)) {
        const name = unique(s.name, used);
        reduceAndWrite(name, file, s.energy, s.mu, { mu_expr: s.muExpr, energy_column: s.energyColumn });
        loaded.push(s);
        if (o['with-ref'] && s.ref) reduceAndWrite(unique(`${name}_ref`, used), file, s.energy, s.ref, { mu_expr: 'reference channel', energy_column: s.energyColumn });
      }
    } catch (e) {
      failures++;
      if (progress) process.stderr.write('\n');
      console.error(`beamflow xafs: ${isBeamflowError(e) ? e.message : `${file}: ${messageOf(e)}`}`);
    }
  });
  if (progress) bar(files.length, files.length, 'done\n');
  if (typeof o.merge === 'string') {
    try {
      if (loaded.length === 0) throw new Error('no spectrum could be read');
      const m = mergeSpectra(loaded);
      reduceAndWrite(o.merge, `merge of ${loaded.length} spectra`, m.energy, m.mu, { merged: loaded.map((s) => s.file), merge_kind: m.kind });
    } catch (e) {
      failures++;
      console.error(`beamflow xafs: merge '${o.merge}': ${messageOf(e)}`);
    }
  }
  if (failures > 0) console.error(`beamflow xafs: ${failures} of ${files.length + (o.merge ? 1 : 0)} failed; the others were written to ${out}`);
  return failures > 0 ? 1 : 0;
}

function unique(name: string, used: Set<string>): string {
  let n = name;
  for (let i = 2; used.has(n); i++) n = `${name}_${i}`;
  used.add(n);
  return n;
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
