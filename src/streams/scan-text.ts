/**
 * Incremental reader of a column text file being written (a scan measured point by point): bytes in,
 * whole new rows out. Column names come from the option, or from the last `#` comment line before the
 * first data row. A row with the wrong number of values is a problem naming the file and line.
 */
import type { NodeData } from '../graph/types.ts';

export type ScanChunk =
  | { readonly kind: 'rows'; readonly data: NodeData; readonly count: number }
  | { readonly kind: 'problem'; readonly problem: string };

export class ScanText {
  private rest = '';
  private line = 0;
  private lastComment: string[] | null = null;
  private names: readonly string[] | null;
  private readonly decoder = new TextDecoder();

  constructor(private readonly file: string, columns?: readonly string[]) {
    this.names = columns ?? null;
  }

  get columns(): readonly string[] | null {
    return this.names;
  }

  /** Feeds bytes; `final` flushes a last line without a newline. */
  push(bytes: Uint8Array, final = false): ScanChunk[] {
    this.rest += this.decoder.decode(bytes, { stream: !final });
    const lines = this.rest.split(/\r?\n/);
    this.rest = final ? '' : lines.pop()!;
    const rows: number[][] = [];
    const out: ScanChunk[] = [];
    for (const raw of lines) {
      this.line++;
      const l = raw.trim();
      if (l === '') continue;
      if (l.startsWith('#') || l.startsWith(';') || !/^[-+.\d]/.test(l)) {
        if (rows.length === 0 && this.names === null) this.lastComment = l.replace(/^[#;]+/, '').trim().split(/\s+/).filter((s) => s !== '');
        continue;
      }
      const values = l.split(/[\s,]+/).map(Number);
      if (this.names === null) {
        const c = this.lastComment;
        this.names = c && c.length === values.length ? c : values.map((_, i) => `col${i + 1}`);
      }
      if (values.length !== this.names.length || values.some((v) => Number.isNaN(v))) {
        out.push({ kind: 'problem', problem: `${this.file}, line ${this.line}: expected ${this.names.length} numbers, got '${l.slice(0, 60)}'` });
        continue;
      }
      rows.push(values);
    }
    if (rows.length > 0 && this.names) {
      const data: Record<string, Float64Array> = {};
      this.names.forEach((n, j) => { data[n] = Float64Array.from(rows, (r) => r[j]); });
      out.unshift({ kind: 'rows', data, count: rows.length });
    }
    return out;
  }
}
