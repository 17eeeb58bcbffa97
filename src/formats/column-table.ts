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
 * a truncated file, text in a number names its line and token. Tokens are split by whitespace or commas
 * by hand and converted with Number() (correctly rounded, as Python's float()), the regex only for oddities.
 */
export class RowCollector {
  private data = new Float64Array(4096);
  private n = 0;
  private rows = 0;
  private w = -1;
  private readonly row: number[] = [];
  constructor(private readonly file: string) {}

  get count(): number {
    return this.rows;
  }

  get width(): number {
    return Math.max(0, this.w);
  }

  /** Returns false (adding nothing) if the line has a non-numeric token and no row was read yet. */
  addLine(line: string, lineNo: number, isLast: boolean): boolean {
    const row = this.row;
    row.length = 0;
    const len = line.length;
    let i = 0;
    while (i < len) {
      let c = line.charCodeAt(i);
      if (c === 32 || c === 9 || c === 44 || c === 13) {
        i++;
        continue;
      }
      const start = i;
      let plain = true;
      while (i < len) {
        c = line.charCodeAt(i);
        if (c === 32 || c === 9 || c === 44 || c === 13) break;
        // digits . + - e E
        if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) plain = false;
        i++;
      }
      const tok = line.slice(start, i);
      const v = plain ? Number(tok) : parseNumber(tok);
      if (v === null || (plain && Number.isNaN(v))) {
        if (this.rows === 0) return false;
        throw badFile(this.file, `line ${lineNo}: '${tok}' is not a number`);
      }
      row.push(v);
    }
    return this.push(row, lineNo, isLast);
  }

  private push(row: readonly number[], lineNo: number, isLast: boolean): boolean {
    if (row.length === 0) return true;
    if (this.w < 0) this.w = row.length;
    else if (row.length !== this.w) {
      const hint = isLast && row.length < this.w ? ' (truncated file?)' : '';
      throw badFile(this.file, `line ${lineNo}: ${row.length} values, expected ${this.w}${hint}`);
    }
    if (this.n + row.length > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    for (const v of row) this.data[this.n++] = v;
    this.rows++;
    return true;
  }

  columns(): Float64Array[] {
    const w = this.width;
    const out = Array.from({ length: w }, () => new Float64Array(this.rows));
    for (let r = 0; r < this.rows; r++) for (let j = 0; j < w; j++) out[j][r] = this.data[r * w + j];
    return out;
  }
}

/** Labels for w columns: the given ones if they fit, otherwise col1..colN. */
export function labelsFor(w: number, labels: readonly string[] | null): string[] {
  if (labels && labels.length === w) return [...labels];
  return Array.from({ length: w }, (_, i) => `col${i + 1}`);
}
