import { BeamflowError } from '../graph/errors.ts';

/** A file of named numeric columns, as every XAFS text reader returns it. */
export interface ColumnTable {
  /** The path (or name) the table was read from; used in every error message. */
  readonly file: string;
  readonly format: 'xdi' | 'xdac' | 'columns' | 'athena';
  readonly labels: readonly string[];
  readonly units: readonly string[];
  readonly columns: readonly Float64Array[];
  /** Header fields (XDI `Family.member: value`, XDAC `key= value`), keys as written. */
  readonly header: Readonly<Record<string, string>>;
  readonly comments: readonly string[];
}

export function badFile(file: string, problem: string): BeamflowError {
  return new BeamflowError({ kind: 'BadFile', file, problem });
}

/** Case-insensitive column lookup; undefined if absent. */
export function findColumn(t: ColumnTable, name: string): Float64Array | undefined {
  const key = name.toLowerCase();
  const i = t.labels.findIndex((l) => l.toLowerCase() === key);
  return i < 0 ? undefined : t.columns[i];
}

const NUM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;

/** Parses one numeric token: decimal/exponent forms (Fortran 'D' too), nan and ±inf; otherwise null. */
export function parseNumber(tok: string): number | null {
  if (NUM.test(tok)) return Number(tok.replace(/[dD]/, 'e'));
  const low = tok.toLowerCase();
  if (low === 'nan') return NaN;
  if (low === 'inf' || low === '+inf' || low === 'infinity') return Infinity;
  if (low === '-inf' || low === '-infinity') return -Infinity;
  return null;
}

export function splitFields(line: string): string[] {
  return line.trim().split(/[\s,]+/).filter((s) => s.length > 0);
}

/**
 * Collects numeric rows into columns. Every row must have the same count; a short last row is reported as
 * a truncated file, text in a number names its line and token.
 */
export class RowCollector {
  private readonly rows: number[][] = [];
  constructor(private readonly file: string) {}

  get count(): number {
    return this.rows.length;
  }

  get width(): number {
    return this.rows.length === 0 ? 0 : this.rows[0].length;
  }

  /** Returns false (adding nothing) if the line has a non-numeric token and no row was read yet. */
  add(fields: readonly string[], lineNo: number, isLast: boolean): boolean {
    const vals: number[] = [];
    for (const f of fields) {
      const v = parseNumber(f);
      if (v === null) {
        if (this.rows.length === 0) return false;
        throw badFile(this.file, `line ${lineNo}: '${f}' is not a number`);
      }
      vals.push(v);
    }
    if (this.rows.length > 0 && vals.length !== this.width) {
      const hint = isLast && vals.length < this.width ? ' (truncated file?)' : '';
      throw badFile(this.file, `line ${lineNo}: ${vals.length} values, expected ${this.width}${hint}`);
    }
    this.rows.push(vals);
    return true;
  }

  columns(): Float64Array[] {
    const w = this.width;
    const out = Array.from({ length: w }, () => new Float64Array(this.rows.length));
    this.rows.forEach((r, i) => {
      for (let j = 0; j < w; j++) out[j][i] = r[j];
    });
    return out;
  }
}

/** Labels for w columns: the given ones if they fit, otherwise col1..colN. */
export function labelsFor(w: number, labels: readonly string[] | null): string[] {
  if (labels && labels.length === w) return [...labels];
  return Array.from({ length: w }, (_, i) => `col${i + 1}`);
}
