import { badFile, labelsFor, RowCollector, splitFields, type ColumnTable } from './column-table.ts';
import { lastNonEmpty } from './xdi.ts';

/**
 * Plain numeric columns with comment lines (`#`, `;`, `!`). Labels come from the last comment line whose
 * word count equals the number of columns (`# eraw i0 itr`), or from a bare label line before the data.
 */
export function parseColumns(text: string, file: string): ColumnTable {
  const lines = text.split(/\r?\n/);
  const commentLines: string[][] = [];
  const comments: string[] = [];
  let bareLabels: string[] | null = null;
  const rows = new RowCollector(file);
  const lastData = lastNonEmpty(lines);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const c0 = raw.charCodeAt(0);
    // a data line starts with a digit, sign or dot: skip the trim and the comment test
    if ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46) {
      if (!rows.addLine(raw, i + 1, i === lastData)) {
        if (bareLabels !== null) throw badFile(file, `line ${i + 1}: '${raw.slice(0, 40)}' is not a row of numbers`);
        bareLabels = splitFields(raw);
      }
      continue;
    }
    const line = raw.trim();
    if (line === '') continue;
    if (/^[#;!%]/.test(line)) {
      const body = line.replace(/^[#;!%]+\s*/, '');
      comments.push(body);
      if (rows.count === 0) commentLines.push(splitFields(body));
      continue;
    }
    if (!rows.addLine(line, i + 1, i === lastData)) {
      if (bareLabels !== null) throw badFile(file, `line ${i + 1}: '${line.slice(0, 40)}' is not a row of numbers`);
      bareLabels = splitFields(line);
    }
  }
  if (rows.count === 0) throw badFile(file, 'no data rows');
  const w = rows.width;
  let labels: string[] | null = bareLabels && bareLabels.length === w ? bareLabels : null;
  for (let j = commentLines.length - 1; labels === null && j >= 0; j--) {
    if (commentLines[j].length === w && !commentLines[j].some((f) => /[:=]/.test(f))) labels = commentLines[j];
  }
  return { file, format: 'columns', labels: labelsFor(w, labels), units: Array.from({ length: w }, () => ''), columns: rows.columns(), header: {}, comments };
}
