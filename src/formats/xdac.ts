import { badFile, labelsFor, RowCollector, splitFields, type ColumnTable } from './column-table.ts';
import { lastNonEmpty } from './xdi.ts';

/** NSLS XDAC: free-form header (`key= value` lines), a `-----` line, the column labels, then numeric rows. */
export function parseXdac(text: string, file: string): ColumnTable {
  const lines = text.split(/\r?\n/);
  const dash = lines.findIndex((l) => /^\s*-{5,}\s*$/.test(l));
  if (dash < 0) throw badFile(file, "not an XDAC file (no '-----' line before the column labels)");
  const header: Record<string, string> = {};
  const comments: string[] = [];
  for (const l of lines.slice(0, dash)) {
    const kv = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(l);
    if (kv) header[kv[1]] = kv[2].trim();
    else if (l.trim() !== '') comments.push(l.trim());
  }
  const labelLine = dash + 1;
  if (labelLine >= lines.length) throw badFile(file, "no column labels after the '-----' line");
  const labels = splitFields(lines[labelLine]);
  const rows = new RowCollector(file);
  const lastData = lastNonEmpty(lines);
  for (let i = labelLine + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!rows.addLine(line, i + 1, i === lastData)) throw badFile(file, `line ${i + 1}: '${line.slice(0, 40)}' is not a row of numbers`);
  }
  if (rows.count === 0) throw badFile(file, 'no data rows');
  const w = rows.width;
  if (labels.length !== w) throw badFile(file, `${labels.length} column labels (${labels.join(' ')}) but ${w} values per row`);
  return { file, format: 'xdac', labels: labelsFor(w, labels), units: labels.map(() => ''), columns: rows.columns(), header, comments };
}
