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

/** Set by scanDecimal when the token is not a number (its return value is then meaningless). */
let tokenBad = false;

const TWO53 = 2 ** 53;
const POW10 = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** UTF-8 text of bytes[start, end). */
export function utf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  // file contents are Buffers already (readFileSync, gunzip): decode in place, no view object per line
  if (bytes instanceof Buffer) return bytes.toString('utf8', start, end);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
}

/**
 * The double of a numeric token, bit-identical to Number() (Python's float()) for every decimal form;
 * nan, ±inf and Fortran `D` exponents too. Returns null for anything else.
 */
export function parseDecimal(token: string): number | null {
  const b = Buffer.from(token, 'utf8');
  const v = scanDecimal(b, 0, b.length);
  return tokenBad ? null : v;
}

/**
 * The number in bytes[start, end) (one token, no separators). Fast path (Clinger): all the digits, read
 * as one integer M, give M < 2^53 (so M is exact in a double: the running M·10 + d never rounds below
 * 2^53, and a rounded one stays ≥ 2^53) and the power of ten |p| ≤ 22 (exact too), so M·10^p or M/10^−p
 * is one correctly rounded operation: the same double Number() gives. Everything else (17-digit mantissas,
 * large exponents, nan/inf, D exponents, errors) goes through the regex check and Number() on the token's
 * text. Sets tokenBad when it is not a number. Small on purpose: it is inlined into the row loop.
 */
function scanDecimal(b: Uint8Array, start: number, end: number): number {
  tokenBad = false;
  let i = start;
  let c = b[i];
  const neg = c === 45;
  if (neg || c === 43) i++;
  const d0 = i;
  let dotAt = -1;
  let m = 0;
  for (; i < end; i++) {
    c = b[i];
    const d = c - 48;
    if (d >>> 0 <= 9) m = m * 10 + d;
    else if (c === 46 && dotAt < 0) dotAt = i;
    else break;
  }
  if (i - d0 === (dotAt < 0 ? 0 : 1)) return slowDecimal(b, start, end);
  let p10 = dotAt < 0 ? 0 : dotAt + 1 - i;
  if (i < end) {
    // an exponent: e or E, an optional sign, at least one digit
    if (c !== 101 && c !== 69) return slowDecimal(b, start, end);
    i++;
    let eneg = false;
    if (i < end) {
      c = b[i];
      eneg = c === 45;
      if (eneg || c === 43) i++;
    }
    if (i === end) return slowDecimal(b, start, end);
    let exp = 0;
    for (; i < end; i++) {
      const d = b[i] - 48;
      if (d >>> 0 > 9 || exp > 9999) return slowDecimal(b, start, end);
      exp = exp * 10 + d;
    }
    p10 += eneg ? -exp : exp;
  }
  if (m >= TWO53) return slowDecimal(b, start, end);
  let v: number;
  if (p10 === 0) v = m;
  else if (p10 < 0) {
    if (p10 < -22) return m === 0 ? (neg ? -0 : 0) : slowDecimal(b, start, end);
    v = m / POW10[-p10];
  } else {
    if (p10 > 22) return m === 0 ? (neg ? -0 : 0) : slowDecimal(b, start, end);
    v = m * POW10[p10];
  }
  return neg ? -v : v;
}

function slowDecimal(b: Uint8Array, start: number, end: number): number {
  const v = parseNumber(utf8(b, start, end));
  if (v === null) {
    tokenBad = true;
    return 0;
  }
  return v;
}

/**
 * Collects numeric rows into columns. Every row must have the same count; a short last row is reported as
 * a truncated file, text in a number names its line and token. Rows are read in place from the file's
 * bytes (no strings, no split): fields are separated by spaces, tabs or commas and converted by scanDecimal.
 */
export class RowCollector {
  private data = new Float64Array(4096);
  private n = 0;
  private rows = 0;
  private w = -1;
  constructor(private readonly file: string) {}

  get count(): number {
    return this.rows;
  }

  get width(): number {
    return Math.max(0, this.w);
  }

  /** Returns false (adding nothing) if the line has a non-numeric token and no row was read yet. */
  addLine(line: string, lineNo: number, isLast: boolean): boolean {
    const b = Buffer.from(line, 'utf8');
    return this.addRange(b, 0, b.length, lineNo, isLast);
  }

  /** addLine for the line bytes[start, end), read in place. */
  addRange(b: Uint8Array, start: number, end: number, lineNo: number, isLast: boolean): boolean {
    const n0 = this.n;
    let n = n0;
    let data = this.data;
    let i = start;
    while (i < end) {
      let c = b[i];
      // space, tab, comma, CR
      if (c === 32 || c === 9 || c === 44 || c === 13) {
        i++;
        continue;
      }
      // the common token, inline: [-+]digits[.digits] ending at a separator (scanDecimal's fast path)
      let j = i;
      const neg = c === 45;
      if (neg || c === 43) j++;
      const d0 = j;
      let dotAt = -1;
      let m = 0;
      for (; j < end; j++) {
        c = b[j];
        const d = c - 48;
        if (d >>> 0 <= 9) m = m * 10 + d;
        else if (c === 46 && dotAt < 0) dotAt = j;
        else break;
      }
      let v: number;
      const frac = dotAt < 0 ? 0 : j - dotAt - 1;
      if ((j === end || c === 32 || c === 9 || c === 44 || c === 13) && j - d0 > (dotAt < 0 ? 0 : 1) && m < TWO53 && frac <= 22) {
        v = frac === 0 ? m : m / POW10[frac];
        if (neg) v = -v;
      } else {
        for (; j < end; j++) {
          c = b[j];
          if (c === 32 || c === 9 || c === 44 || c === 13) break;
        }
        v = scanDecimal(b, i, j);
        if (tokenBad) {
          this.n = n0;
          if (this.rows === 0) return false;
          throw badFile(this.file, `line ${lineNo}: '${utf8(b, i, j)}' is not a number`);
        }
      }
      if (n === data.length) {
        this.grow();
        data = this.data;
      }
      data[n++] = v;
      i = j;
    }
    const count = n - n0;
    if (count === 0) return true;
    if (this.w < 0) this.w = count;
    else if (count !== this.w) {
      const hint = isLast && count < this.w ? ' (truncated file?)' : '';
      throw badFile(this.file, `line ${lineNo}: ${count} values, expected ${this.w}${hint}`);
    }
    this.n = n;
    this.rows++;
    return true;
  }

  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }

  columns(): Float64Array[] {
    const w = this.width;
    const rows = this.rows;
    const data = this.data;
    const out: Float64Array[] = [];
    for (let j = 0; j < w; j++) {
      const col = new Float64Array(rows);
      for (let r = 0, at = j; r < rows; r++, at += w) col[r] = data[at];
      out.push(col);
    }
    return out;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

/**
 * Walks the lines of a file's bytes without splitting them: calls visit(start, end, lineNo, isLast) for each
 * line [start, end) (end excludes the newline and a CR before it), 1-based line numbers; isLast marks the
 * last line that is not blank.
 */
export function forEachLine(b: Uint8Array, visit: (start: number, end: number, lineNo: number, isLast: boolean) => void): void {
  const len = b.length;
  let q = len - 1;
  while (q >= 0 && (isSpace(b[q]) || b[q] === 10)) q--;
  const lastStart = q < 0 ? -1 : b.lastIndexOf(10, q) + 1;
  let pos = 0;
  let lineNo = 1;
  while (pos <= len) {
    let nl = b.indexOf(10, pos);
    if (nl < 0) nl = len;
    const end = nl > pos && b[nl - 1] === 13 ? nl - 1 : nl;
    visit(pos, end, lineNo, pos === lastStart);
    lineNo++;
    pos = nl + 1;
  }
}

/** The first index in [start, end) that is not ASCII whitespace (end if none). */
export function skipSpace(b: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && isSpace(b[i])) i++;
  return i;
}

/** Labels for w columns: the given ones if they fit, otherwise col1..colN. */
export function labelsFor(w: number, labels: readonly string[] | null): string[] {
  if (labels && labels.length === w) return [...labels];
  return Array.from({ length: w }, (_, i) => `col${i + 1}`);
}
