import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reduced } from '../kernels/xafs/reduce.ts';

/** Writes columns as CSV: a header line, then shortest round-trip decimal numbers. */
export function csv(names: readonly string[], cols: readonly ArrayLike<number>[]): string {
  const n = cols[0]?.length ?? 0;
  const w = cols.length;
  // one string grown by concatenation (V8 ropes), no array of lines to join: ~35% faster for 10^4 files
  let out = `${names.join(',')}\n`;
  for (let i = 0; i < n; i++) {
    let line = w > 0 ? String(cols[0][i]) : '';
    for (let j = 1; j < w; j++) line += `,${cols[j][i]}`;
    out += `${line}\n`;
  }
  return out;
}

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** The four output files of one item: NAME.mu.csv, NAME.chi.csv, NAME.chir.csv, NAME.json. */
export function writeReduced(dir: string, name: string, r: Reduced, meta: Readonly<Record<string, JsonValue>>): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [`${name}.mu.csv`, csv(['energy', 'mu', 'pre_edge', 'post_edge', 'norm', 'flat'], [r.energy, r.mu, r.pre.preEdge, r.pre.postEdge, r.pre.norm, r.pre.flat])],
    [`${name}.chi.csv`, csv(['k', 'chi'], [r.bkg.k, r.bkg.chi])],
    [`${name}.chir.csv`, csv(['r', 'chir_mag', 'chir_re', 'chir_im'], [r.ft.r, r.ft.chirMag, r.ft.chirRe, r.ft.chirIm])],
    [`${name}.json`, `${JSON.stringify(summaryOf(name, r, meta), null, 1)}\n`],
  ];
  for (const [f, text] of files) writeFileSync(join(dir, f), text);
  return files.map(([f]) => join(dir, f));
}

export function summaryOf(name: string, r: Reduced, meta: Readonly<Record<string, JsonValue>>): Record<string, JsonValue> {
  const { pre, bkg } = r;
  return {
    name,
    ...meta,
    npts: r.energy.length,
    e0: pre.e0,
    edge_step: pre.edgeStep,
    pre1: pre.pre1,
    pre2: pre.pre2,
    norm1: pre.norm1,
    norm2: pre.norm2,
    nnorm: pre.nnorm,
    nvict: pre.nvict,
    nspl: bkg.nspl,
    irbkg: bkg.irbkg,
    iek0: bkg.iek0,
    iemax: bkg.iemax,
    autobk_kmax: bkg.kmax,
    autobk_coefs: Array.from(bkg.coefs),
    kmin: (meta.xftf as Record<string, JsonValue> | undefined)?.kmin ?? 3,
    kmax: r.xftfKmax,
    repairs: [...r.repairs],
  };
}
