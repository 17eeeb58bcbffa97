import { badFile, forEachLine, labelsFor, RowCollector, skipSpace, splitFields, utf8, type ColumnTable } from './column-table.ts';

/**
 * NSLS XDAC: free-form header (`key= value` lines), a `-----` line, the column labels, then numeric rows
 * (read in place from the file's bytes, no line split).
 */
export function parseXdac(bytes: Uint8Array, file: string): ColumnTable {
  const header: Record<string, string> = {};
  const comments: string[] = [];
  let labels: string[] | null = null;
  let dashSeen = false;
  const rows = new RowCollector(file);
  forEachLine(bytes, (start, end, lineNo, isLast) => {
    if (labels === null) {
      const l = utf8(bytes, start, end);
      if (!dashSeen) {
        if (/^\s*-{5,}\s*$/.test(l)) {
          dashSeen = true;
          return;
        }
        const kv = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(l);
        if (kv) header[kv[1]] = kv[2].trim();
        else if (l.trim() !== '') comments.push(l.trim());
        return;
      }
      labels = splitFields(l);
      return;
    }
    const s = skipSpace(bytes, start, end);
    if (s === end || bytes[s] === 35) return;
    if (!rows.addRange(bytes, s, end, lineNo, isLast)) throw badFile(file, `line ${lineNo}: '${utf8(bytes, s, end).trim().slice(0, 40)}' is not a row of numbers`);
  });
  if (!dashSeen) throw badFile(file, "not an XDAC file (no '-----' line before the column labels)");
  const lab = labels as string[] | null;
  if (lab === null) throw badFile(file, "no column labels after the '-----' line");
  if (rows.count === 0) throw badFile(file, 'no data rows');
  const w = rows.width;
  if (lab.length !== w) throw badFile(file, `${lab.length} column labels (${lab.join(' ')}) but ${w} values per row`);
  return { file, format: 'xdac', labels: labelsFor(w, lab), units: lab.map(() => ''), columns: rows.columns(), header, comments };
}
