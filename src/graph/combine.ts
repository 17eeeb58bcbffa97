/**
 * Combinations of items at one node: average, sum, RMS deviation, PCA components and PCA reconstructions.
 * Pure functions of the parents' node data. Parents on different x grids are interpolated (linearly) onto the
 * first parent's grid, trimmed to the range all parents cover. Pipelines may register other combiners
 * (e.g. XAFS merge with Larch's cubic interpolation) under their own op names.
 */
import { BeamflowError } from './errors.ts';
import { linearInterp } from './interp.ts';
import { pca } from './pca.ts';
import type { ArrayValue, Image2D, NodeData, NodeSpec, NumArray } from './types.ts';
import { isImage2D, isNumArray } from './types.ts';

export interface CombineOptions {
  readonly index?: number;
  readonly ncomp?: number;
}

export type Combiner = (parents: readonly NodeData[], node: NodeSpec, opts: CombineOptions) => NodeData;

interface Aligned {
  /** name of the x array, or null when the node has none (arrays combined index by index) */
  readonly xName: string | null;
  readonly x: Float64Array | null;
  /** y array name → one row per parent on the common grid */
  readonly ys: Map<string, Float64Array[]>;
  readonly images: Map<string, Image2D[]>;
  readonly scalars: Map<string, number[]>;
}

function toF64(a: NumArray): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/** Puts every parent on the first parent's x grid (trimmed to the common range). */
export function align(parents: readonly NodeData[], node: NodeSpec, what: string): Aligned {
  if (parents.length === 0) throw new Error('no parents');
  const xSpec = node.arrays.find((a) => a.role === 'x' && isNumArray(parents[0][a.name]));
  const ys = new Map<string, Float64Array[]>();
  const images = new Map<string, Image2D[]>();
  const scalars = new Map<string, number[]>();
  const names = Object.keys(parents[0]).filter((k) => k !== xSpec?.name && parents.every((p) => k in p));
  let x: Float64Array | null = null;
  let xs: Float64Array[] = [];
  if (xSpec) {
    xs = parents.map((p) => {
      const v = p[xSpec.name];
      if (!isNumArray(v)) throw new Error(`a parent has no '${xSpec.name}' array`);
      return toF64(v);
    });
    const lo = Math.max(...xs.map((a) => Math.min(a[0], a[a.length - 1])));
    const hi = Math.min(...xs.map((a) => Math.max(a[0], a[a.length - 1])));
    if (!(hi > lo)) throw new Error(`the parents' ${xSpec.name} ranges do not overlap`);
    const first = xs[0];
    const same = xs.every((a) => a.length === first.length && a.every((v, i) => v === first[i]));
    x = same ? first : first.filter((v) => v >= lo && v <= hi);
    if (x.length < 2) throw new Error(`fewer than 2 points of the common ${xSpec.name} range`);
  }
  for (const k of names) {
    const vals = parents.map((p) => p[k] as ArrayValue);
    if (vals.every((v) => typeof v === 'number')) scalars.set(k, vals as number[]);
    else if (vals.every(isImage2D)) {
      const imgs = vals as Image2D[];
      if (!imgs.every((im) => im.rows === imgs[0].rows && im.cols === imgs[0].cols)) throw new Error(`images '${k}' differ in shape`);
      images.set(k, imgs);
    } else if (vals.every(isNumArray)) {
      const arrs = (vals as NumArray[]).map(toF64);
      if (x && xSpec) ys.set(k, arrs.map((a, i) => (a.length === xs[i].length && x !== xs[i] ? linearInterp(xs[i], a, x!) : a)));
      else {
        if (!arrs.every((a) => a.length === arrs[0].length)) throw new Error(`arrays '${k}' differ in length and the node has no x array`);
        ys.set(k, arrs);
      }
    }
  }
  void what;
  return { xName: xSpec?.name ?? null, x, ys, images, scalars };
}

function reduceRows(rows: readonly Float64Array[], f: (col: number[]) => number): Float64Array {
  const n = rows[0].length;
  const out = new Float64Array(n);
  const col = new Array<number>(rows.length);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < rows.length; i++) col[i] = rows[i][j];
    out[j] = f(col);
  }
  return out;
}

const mean = (c: readonly number[]): number => c.reduce((s, v) => s + v, 0) / c.length;
const sum = (c: readonly number[]): number => c.reduce((s, v) => s + v, 0);
const rmsDev = (c: readonly number[]): number => {
  const m = mean(c);
  return Math.sqrt(c.reduce((s, v) => s + (v - m) * (v - m), 0) / c.length);
};

function elementwise(f: (col: number[]) => number): Combiner {
  return (parents, node) => {
    const a = align(parents, node, 'combine');
    const out: Record<string, ArrayValue> = {};
    if (a.xName && a.x) out[a.xName] = a.x;
    for (const [k, rows] of a.ys) out[k] = reduceRows(rows, f);
    for (const [k, imgs] of a.images) {
      const rows = imgs.map((im) => toF64(im.data));
      out[k] = { kind: 'image', rows: imgs[0].rows, cols: imgs[0].cols, data: reduceRows(rows, f) };
    }
    for (const [k, vals] of a.scalars) out[k] = f(vals);
    return out;
  };
}

function firstY(a: Aligned, node: NodeSpec): [string, Float64Array[]] {
  const spec = node.arrays.find((s) => s.role === 'y' && a.ys.has(s.name));
  const name = spec?.name ?? [...a.ys.keys()][0];
  if (name === undefined) throw new Error('PCA needs a 1D y array common to all parents');
  return [name, a.ys.get(name)!];
}

const pcaComponent: Combiner = (parents, node, opts) => {
  const a = align(parents, node, 'pca');
  const [name, rows] = firstY(a, node);
  const k = opts.index ?? 0;
  const r = pca(rows);
  if (k >= r.components.length) throw new Error(`component ${k + 1} requested, only ${r.components.length} exist`);
  return { ...(a.xName && a.x ? { [a.xName]: a.x } : {}), [name]: r.components[k] };
};

const pcaReconstruction: Combiner = (parents, node, opts) => {
  const a = align(parents, node, 'pca');
  const [name, rows] = firstY(a, node);
  const i = opts.index ?? 0;
  const ncomp = opts.ncomp ?? 1;
  if (i >= rows.length) throw new Error(`parent ${i + 1} requested, only ${rows.length} exist`);
  const r = pca(rows);
  const out = Float64Array.from(r.mean);
  for (let c = 0; c < Math.min(ncomp, r.components.length); c++) {
    const s = r.scores[i][c];
    const comp = r.components[c];
    for (let j = 0; j < out.length; j++) out[j] += s * comp[j];
  }
  return { ...(a.xName && a.x ? { [a.xName]: a.x } : {}), [name]: out };
};

export const builtinCombiners: Readonly<Record<string, Combiner>> = {
  average: elementwise(mean),
  sum: elementwise(sum),
  rms: elementwise(rmsDev),
  'pca-component': pcaComponent,
  'pca-reconstruction': pcaReconstruction,
};

export function combinerFor(op: string, extra: Readonly<Record<string, Combiner>> | undefined, item: string): Combiner {
  const c = extra?.[op] ?? builtinCombiners[op];
  if (!c) throw new BeamflowError({ kind: 'BadCombination', item, problem: `unknown combination '${op}'` });
  return c;
}
