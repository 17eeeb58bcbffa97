import { badFile, forEachLine, labelsFor, RowCollector, skipSpace, splitFields, utf8, type ColumnTable } from './column-table.ts';

/**
 * Plain numeric columns with comment lines (`#`, `;`, `!`, `%`). Labels come from the last comment line
 * whose word count equals the number of columns (`# eraw i0 itr`), or from a bare label line before the
 * data. Data rows are read in place from the file's bytes (no line split).
 */
export function parseColumns(bytes: Uint8Array, file: string): ColumnTable {
  const commentLines: string[][] = [];
  const comments: string[] = [];
  let bareLabels: string[] | null = null;
  const rows = new RowCollector(file);
  forEachLine(bytes, (start, end, lineNo, isLast) => {
    const s = skipSpace(bytes, start, end);
    if (s === end) return;
    const c0 = bytes[s];
    if (c0 === 35 || c0 === 59 || c0 === 33 || c0 === 37) {
      const body = utf8(bytes, s, end).trim().replace(/^[#;!%]+\s*/, '');
      comments.push(body);
      if (rows.count === 0) commentLines.push(splitFields(body));
      return;
    }
    if (!rows.addRange(bytes, s, end, lineNo, isLast)) {
      const line = utf8(bytes, s, end).trim();
      if (bareLabels !== null) throw badFile(file, `line ${lineNo}: '${line.slice(0, 40)}' is not a row of numbers`);
      bareLabels = splitFields(line);
    }
  });
  if (rows.count === 0) throw badFile(file, 'no data rows');
  const w = rows.width;
  const bare = bareLabels as string[] | null;
  let labels: string[] | null = bare && bare.length === w ? bare : null;
  for (let j = commentLines.length - 1; labels === null && j >= 0; j--) {
    if (commentLines[j].length === w && !commentLines[j].some((f) => /[:=]/.test(f))) labels = commentLines[j];
  }
  return { file, format: 'columns', labels: labelsFor(w, labels), units: Array.from({ length: w }, () => ''), columns: rows.columns(), header: {}, comments };
}
