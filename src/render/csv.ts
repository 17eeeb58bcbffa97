/**
 * Node data of items as CSV, long format: one row per point, the item's name first, then the node's arrays
 * in declaration order (1D arrays by index, scalars repeated on every row). Images are written one row per
 * pixel as row, column, value. Pure, used by the page's export button and by tests.
 */
import type { ArraySpec, NodeData } from '../graph/types.ts';
import { isImage2D, isNumArray } from '../graph/types.ts';

export interface CsvItem {
  readonly name: string;
  readonly data: NodeData;
}

function quote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function num(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

export function nodeCsv(arrays: readonly ArraySpec[], items: readonly CsvItem[]): string {
  const lines: string[] = [];
  const oneD = arrays.filter((a) => a.role !== '2D');
  const twoD = arrays.filter((a) => a.role === '2D');
  if (oneD.length > 0) {
    lines.push(['item', ...oneD.map((a) => (a.unit ? `${a.name} (${a.unit})` : a.name))].map(quote).join(','));
    for (const it of items) {
      const cols = oneD.map((a) => it.data[a.name]);
      const n = Math.max(0, ...cols.map((c) => (isNumArray(c) ? c.length : 0)), cols.some((c) => typeof c === 'number') ? 1 : 0);
      const name = quote(it.name);
      for (let i = 0; i < n; i++) {
        const row = [name];
        for (const c of cols) row.push(typeof c === 'number' ? num(c) : isNumArray(c) && i < c.length ? num(c[i]) : '');
        lines.push(row.join(','));
      }
    }
  }
  for (const a of twoD) {
    if (lines.length > 0) lines.push('');
    lines.push(['item', 'array', 'row', 'column', 'value'].join(','));
    for (const it of items) {
      const img = it.data[a.name];
      if (!isImage2D(img)) continue;
      const name = quote(it.name);
      const an = quote(a.name);
      for (let r = 0; r < img.rows; r++) for (let c = 0; c < img.cols; c++) lines.push(`${name},${an},${r},${c},${num(img.data[r * img.cols + c])}`);
    }
  }
  return lines.join('\n') + '\n';
}
