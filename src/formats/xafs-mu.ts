import { badFile, findColumn, type ColumnTable } from './column-table.ts';
import { ExprError } from './expr/ast.ts';
import { evaluate } from './expr/evaluate.ts';
import { parseExpr } from './expr/parser.ts';

/** Usual column names, tried in order (case-insensitive). */
export const ENERGY_NAMES = ['energy', 'eraw', 'e', 'energy_eV', 'ene'] as const;
export const I0_NAMES = ['i0'] as const;
export const ITRANS_NAMES = ['itrans', 'it', 'itr', 'i1'] as const;
export const IREF_NAMES = ['irefer', 'iref', 'i2'] as const;
export const MU_NAMES = ['mu', 'xmu', 'mutrans'] as const;

export interface MuChoice {
  readonly energy?: string;
  /** An expression over columns; absent = transmission ln(i0/itrans) from the usual names. */
  readonly mu?: string;
  /** Expression of the reference channel; absent = ln(itrans/irefer) when those columns exist. */
  readonly ref?: string;
}

export interface MuColumns {
  readonly energy: Float64Array;
  readonly mu: Float64Array;
  readonly ref: Float64Array | null;
  readonly energyColumn: string;
  readonly muExpr: string;
  readonly refExpr: string | null;
}

function first(t: ColumnTable, names: readonly string[]): string | null {
  for (const n of names) {
    const i = t.labels.findIndex((l) => l.toLowerCase() === n.toLowerCase());
    if (i >= 0) return t.labels[i];
  }
  return null;
}

/** Evaluates an expression over a table's columns; errors name the file and the expression. */
export function evalColumns(t: ColumnTable, expr: string, what: string): Float64Array {
  try {
    const n = t.columns[0]?.length ?? 0;
    return evaluate(parseExpr(expr), (name) => findColumn(t, name), n);
  } catch (e) {
    if (e instanceof ExprError) throw badFile(t.file, `${what} '${expr}': ${e.message} (columns: ${t.labels.join(', ')})`);
    throw e;
  }
}

/** Picks energy, µ and the reference channel from a table, by name or by expression. */
export function chooseMu(t: ColumnTable, choice: MuChoice = {}): MuColumns {
  const energyColumn = choice.energy ?? first(t, ENERGY_NAMES);
  if (!energyColumn) throw badFile(t.file, `no energy column (looked for ${ENERGY_NAMES.join(', ')}; columns: ${t.labels.join(', ')})`);
  const energy = findColumn(t, energyColumn);
  if (!energy) throw badFile(t.file, `no column '${energyColumn}' (columns: ${t.labels.join(', ')})`);
  const i0 = first(t, I0_NAMES);
  const it = first(t, ITRANS_NAMES);
  const iref = first(t, IREF_NAMES);
  let muExpr = choice.mu ?? null;
  if (muExpr === null) {
    if (i0 && it) muExpr = `ln(${i0}/${it})`;
    else muExpr = first(t, MU_NAMES);
  }
  if (muExpr === null) {
    const missing = [!i0 && 'i0', !it && `itrans (or ${ITRANS_NAMES.slice(1).join('/')})`].filter(Boolean).join(' and ');
    throw badFile(t.file, `missing column ${missing} for mu = ln(i0/itrans) (columns: ${t.labels.join(', ')}); give --mu EXPR`);
  }
  const refExpr = choice.ref ?? (it && iref ? `ln(${it}/${iref})` : null);
  const mu = evalColumns(t, muExpr, 'mu expression');
  const ref = refExpr ? evalColumns(t, refExpr, 'reference expression') : null;
  return { energy, mu, ref, energyColumn, muExpr, refExpr };
}

