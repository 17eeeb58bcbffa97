import { ExprError } from '../formats/expr/ast.ts';
import { evaluate } from '../formats/expr/evaluate.ts';
import { parseExpr } from '../formats/expr/parser.ts';
import { ENERGY_NAMES, I0_NAMES, IREF_NAMES, ITRANS_NAMES, MU_NAMES } from '../formats/xafs-mu.ts';
import { isNumArray, type NodeData } from '../graph/types.ts';
import { findE0 } from '../kernels/xafs/find-e0.ts';
import { prepareSpectrum } from '../kernels/xafs/prepare.ts';

export interface MuParams {
  readonly energy: string;
  readonly mu: string;
  readonly ref: string;
  readonly eshift: number;
  readonly alignRefE0: number | null;
  readonly deglitch: readonly number[];
}

/** Columns of a raw item by lower-case name. */
function columnsOf(d: NodeData): Map<string, Float64Array> {
  const m = new Map<string, Float64Array>();
  for (const [k, v] of Object.entries(d)) if (isNumArray(v)) m.set(k.toLowerCase(), v instanceof Float64Array ? v : Float64Array.from(v));
  return m;
}

function firstOf(cols: Map<string, Float64Array>, names: readonly string[]): string | null {
  for (const n of names) if (cols.has(n.toLowerCase())) return n.toLowerCase();
  return null;
}

function evalIn(cols: Map<string, Float64Array>, expr: string, n: number, what: string): Float64Array {
  try {
    return evaluate(parseExpr(expr), (name) => cols.get(name.toLowerCase()), n);
  } catch (e) {
    if (e instanceof ExprError) throw new Error(`${what} '${expr}': ${e.message} (columns: ${[...cols.keys()].join(', ')})`);
    throw e;
  }
}

/**
 * µ(E) from raw columns: the expressions (or transmission defaults), then deglitching (points within
 * 1e-3 eV of a listed energy are removed), then calibration (a shift, or aligning the reference channel's
 * E0 to a given value).
 */
export function computeMu(d: NodeData, p: MuParams): NodeData {
  const cols = columnsOf(d);
  const eName = p.energy !== '' ? p.energy.toLowerCase() : firstOf(cols, ENERGY_NAMES);
  const energy0 = eName ? cols.get(eName) : undefined;
  if (!energy0) throw new Error(`no energy column (columns: ${[...cols.keys()].join(', ')})`);
  const n = energy0.length;
  const i0 = firstOf(cols, I0_NAMES);
  const it = firstOf(cols, ITRANS_NAMES);
  const iref = firstOf(cols, IREF_NAMES);
  const muExpr = p.mu !== '' ? p.mu : i0 && it ? `ln(${i0}/${it})` : firstOf(cols, MU_NAMES);
  if (!muExpr) throw new Error(`missing columns i0 and itrans for mu = ln(i0/itrans) (columns: ${[...cols.keys()].join(', ')})`);
  const refExpr = p.ref !== '' ? p.ref : it && iref ? `ln(${it}/${iref})` : null;
  let mu = evalIn(cols, muExpr, n, 'mu expression');
  let ref = refExpr ? evalIn(cols, refExpr, n, 'reference expression') : null;
  let energy = energy0;
  if (p.deglitch.length > 0) {
    const keep: number[] = [];
    for (let i = 0; i < n; i++) if (!p.deglitch.some((g) => Math.abs(energy[i] - g) < 1e-3)) keep.push(i);
    const pick = (a: Float64Array): Float64Array => Float64Array.from(keep, (i) => a[i]);
    energy = pick(energy);
    mu = pick(mu);
    if (ref) ref = pick(ref);
  }
  let shift = p.eshift;
  if (p.alignRefE0 !== null) {
    if (!ref) throw new Error('alignRefE0 needs a reference channel (irefer column or a ref expression)');
    const prep = prepareSpectrum(energy, ref, 'reference channel');
    shift = p.alignRefE0 - findE0(prep.energy, prep.mu).e0;
  }
  if (shift !== 0) energy = energy.map((e) => e + shift);
  return ref ? { energy, mu, ref } : { energy, mu };
}
