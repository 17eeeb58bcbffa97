import type { ColumnTable } from './column-table.ts';
import { badFile } from './column-table.ts';
import { parseColumns } from './columns.ts';
import { readTextFile } from './text-file.ts';
import { parseXdac } from './xdac.ts';
import { parseXdi } from './xdi.ts';

/** Reads an XAFS text file of any supported kind (gzip or not), choosing the parser from its content. */
export function readXafsTable(path: string): ColumnTable {
  return parseXafsText(readTextFile(path), path);
}

export function parseXafsText(text: string, file: string): ColumnTable {
  const head = text.slice(0, 200);
  if (/^\s*#\s*XDI\//i.test(head)) return parseXdi(text, file);
  if (/^\s*#\s*Athena project file/i.test(head)) throw badFile(file, 'an Athena project: read it with readAthena');
  if (/^\s*XDAC/i.test(head) || hasDashLine(text)) return parseXdac(text, file);
  return parseColumns(text, file);
}

/** The item name of a file: its base name without extensions (`V_foil.xdi` → `V_foil`, `x.txt.gz` → `x`). */
export function itemName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.indexOf('.', 1);
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Whether a line of only dashes (≥5) comes before the data, as in XDAC files; indexOf first, it is cheap. */
function hasDashLine(text: string): boolean {
  let at = text.indexOf('-----');
  while (at >= 0 && at < 20000) {
    const s = text.lastIndexOf('\n', at) + 1;
    const e = text.indexOf('\n', at);
    if (/^\s*-{5,}\s*$/.test(text.slice(s, e < 0 ? text.length : e))) return true;
    at = text.indexOf('-----', e < 0 ? text.length : e);
  }
  return false;
}
