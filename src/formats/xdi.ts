import { badFile, forEachLine, labelsFor, RowCollector, skipSpace, splitFields, utf8, type ColumnTable } from './column-table.ts';

/**
 * XDI 1.x: `# Family.member: value` header fields, `# Column.N: name [units]` labels, user comments after
 * the `#///` line, a `#---` line ending the header, then whitespace-separated numeric rows. Data rows are
 * read in place from the file's bytes (no line split); only header lines become strings.
 */
export function parseXdi(bytes: Uint8Array, file: string): ColumnTable {
  const nl = bytes.indexOf(10);
  if (!/^#\s*XDI\//i.test(utf8(bytes, 0, nl < 0 ? bytes.length : nl))) throw badFile(file, "not an XDI file (first line must start with '# XDI/')");
  const header: Record<string, string> = {};
  const comments: string[] = [];
  const colNames = new Map<number, { name: string; unit: string }>();
  let lastHeaderLine: string[] | null = null;
  let inComments = false;
  const rows = new RowCollector(file);
  forEachLine(bytes, (start, end, lineNo, isLast) => {
    if (lineNo === 1) return;
    const s = skipSpace(bytes, start, end);
    if (s === end) return;
    if (bytes[s] === 35) {
      const body = utf8(bytes, s, end).trim().replace(/^#+\s*/, '');
      if (/^\/{3,}/.test(body)) {
        inComments = true;
        return;
      }
      if (/^-{3,}/.test(body)) {
        inComments = false;
        return;
      }
      const field = /^([A-Za-z][\w]*\.[\w.]+)\s*:\s*(.*)$/.exec(body);
      if (field && !inComments) {
        const [, key, value] = field;
        header[key] = value.trim();
        const col = /^column\.(\d+)$/i.exec(key);
        if (col) {
          const [name = '', unit = ''] = value.split('||')[0].trim().split(/\s+/);
          colNames.set(Number(col[1]), { name, unit });
        }
        return;
      }
      if (inComments) comments.push(body);
      else if (body.length > 0) lastHeaderLine = splitFields(body);
      return;
    }
    if (!rows.addRange(bytes, s, end, lineNo, isLast)) throw badFile(file, `line ${lineNo}: '${utf8(bytes, s, end).trim().slice(0, 40)}' is not a row of numbers`);
  });
  if (rows.count === 0) throw badFile(file, 'no data rows');
  const w = rows.width;
  let labels: string[] | null = null;
  let units: string[] = Array.from({ length: w }, () => '');
  const headerLabels = lastHeaderLine as string[] | null;
  if (colNames.size > 0) {
    labels = Array.from({ length: w }, (_, j) => colNames.get(j + 1)?.name ?? `col${j + 1}`);
    units = Array.from({ length: w }, (_, j) => colNames.get(j + 1)?.unit ?? '');
  } else if (headerLabels && headerLabels.length === w) labels = headerLabels;
  return { file, format: 'xdi', labels: labelsFor(w, labels), units, columns: rows.columns(), header, comments };
}
