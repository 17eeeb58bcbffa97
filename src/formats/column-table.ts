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
      // Clinger's fast path: ≤15 significant digits and a power of ten ≤ 22 give one correctly rounded
      // operation, the same double as Number(); anything else goes through Number() or the slow parser.
      let plain = true;
      let neg = false;
      let mant = 0;
      let digits = 0;
      let frac = 0;
      let seenDot = false;
      let exp = 0;
      let expSign = 1;
      let inExp = false;
      let expDigits = 0;
      let fast = true;
      if (c === 45 || c === 43) {
        neg = c === 45;
        i++;
      }
      while (i < len) {
        c = line.charCodeAt(i);
        if (c === 32 || c === 9 || c === 44 || c === 13) break;
        if (c >= 48 && c <= 57) {
          if (inExp) {
            exp = exp * 10 + (c - 48);
            expDigits++;
          } else {
            if (digits > 0 || c !== 48) digits++;
            if (digits > 15) fast = false;
            mant = mant * 10 + (c - 48);
            if (seenDot) frac++;
          }
        } else if (c === 46 && !seenDot && !inExp) seenDot = true;
        else if ((c === 101 || c === 69) && !inExp) {
          inExp = true;
          const n = line.charCodeAt(i + 1);
          if (n === 45 || n === 43) {
            expSign = n === 45 ? -1 : 1;
            i++;
          }
        } else {
          plain = false;
          if (!(c === 43 || c === 45 || c === 46)) fast = false;
        }
        i++;
      }
      const p10 = expSign * exp - frac;
      let v: number | null;
      if (plain && fast && (!inExp || expDigits > 0) && i - start > (neg || line.charCodeAt(start) === 43 ? 1 : 0) && (digits > 0 || mant === 0) && !(seenDot && i - start === 1) && Math.abs(p10) <= 22 && hasDigit(line, start, i)) {
        const m = neg ? -mant : mant;
        v = p10 < 0 ? m / POW10[-p10] : m * POW10[p10];
      } else {
        const tok = line.slice(start, i);
        v = plain ? Number(tok) : parseNumber(tok);
        if (v !== null && Number.isNaN(v) && plain) v = null;
      }
      if (v === null) {
        if (this.rows === 0) return false;
        throw badFile(this.file, `line ${lineNo}: '${line.slice(start, i)}' is not a number`);
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

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

function hasDigit(line: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = line.charCodeAt(i);
    if (c === 101 || c === 69) return false;
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Labels for w columns: the given ones if they fit, otherwise col1..colN. */
export function labelsFor(w: number, labels: readonly string[] | null): string[] {
  if (labels && labels.length === w) return [...labels];
  return Array.from({ length: w }, (_, i) => `col${i + 1}`);
}
