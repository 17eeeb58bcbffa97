import type { ColumnTable } from './column-table.ts';
import { badFile, utf8 } from './column-table.ts';
import { parseColumns } from './columns.ts';
import { readTextBytes } from './text-file.ts';
import { parseXdac } from './xdac.ts';
import { parseXdi } from './xdi.ts';

/** Reads an XAFS text file of any supported kind (gzip or not), choosing the parser from its content. */
export function readXafsTable(path: string): ColumnTable {
  return parseXafsBytes(readTextBytes(path), path);
}

export function parseXafsText(text: string, file: string): ColumnTable {
  return parseXafsBytes(Buffer.from(text, 'utf8'), file);
}

/** Parses a file's (gunzipped) bytes: XDI, Athena (refused here), XDAC or plain columns, by content. */
export function parseXafsBytes(bytes: Uint8Array, file: string): ColumnTable {
  const head = utf8(bytes, 0, Math.min(bytes.length, 200));
  if (/^\s*#\s*XDI\//i.test(head)) return parseXdi(bytes, file);
  if (isAthenaHead(head)) throw badFile(file, 'an Athena project: read it with readAthena');
  if (/^\s*XDAC/i.test(head) || hasDashLine(bytes)) return parseXdac(bytes, file);
  return parseColumns(bytes, file);
}

/** Whether the first bytes of a file are those of an Athena project. */
export function isAthenaHead(head: string): boolean {
  return /^\s*#\s*Athena project file/i.test(head);
}

/** The item name of a file: its base name without extensions (`V_foil.xdi` → `V_foil`, `x.txt.gz` → `x`). */
export function itemName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.indexOf('.', 1);
  return dot > 0 ? base.slice(0, dot) : base;
}

const DASHES = Buffer.from('-----');

/** Whether a line of only dashes (≥5) comes early in the file (first 20000 bytes), as in XDAC files. */
function hasDashLine(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = buf.indexOf(DASHES);
  while (at >= 0 && at < 20000) {
    const s = buf.lastIndexOf(10, at) + 1;
    let e = buf.indexOf(10, at);
    if (e < 0) e = buf.length;
    if (/^\s*-{5,}\s*$/.test(utf8(bytes, s, e))) return true;
    at = buf.indexOf(DASHES, e);
  }
  return false;
}
