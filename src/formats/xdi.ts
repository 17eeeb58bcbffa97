import { badFile, labelsFor, RowCollector, splitFields, type ColumnTable } from './column-table.ts';

/**
 * XDI 1.x: `# Family.member: value` header fields, `# Column.N: name [units]` labels, user comments after
 * the `#///` line, a `#---` line ending the header, then whitespace-separated numeric rows.
 */
export function parseXdi(text: string, file: string): ColumnTable {
  const lines = text.split(/\r?\n/);
  if (!/^#\s*XDI\//i.test(lines[0] ?? '')) throw badFile(file, "not an XDI file (first line must start with '# XDI/')");
  const header: Record<string, string> = {};
  const comments: string[] = [];
  const colNames = new Map<number, { name: string; unit: string }>();
  let lastHeaderLine: string[] | null = null;
  let inComments = false;
  const rows = new RowCollector(file);
  const lastData = lastNonEmpty(lines);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const body = line.replace(/^#+\s*/, '');
      if (/^\/{3,}/.test(body)) {
        inComments = true;
        continue;
      }
      if (/^-{3,}/.test(body)) {
        inComments = false;
        continue;
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
        continue;
      }
      if (inComments) comments.push(body);
      else if (body.length > 0) lastHeaderLine = splitFields(body);
      continue;
    }
    if (!rows.addLine(line, i + 1, i === lastData)) throw badFile(file, `line ${i + 1}: '${line.slice(0, 40)}' is not a row of numbers`);
  }
  if (rows.count === 0) throw badFile(file, 'no data rows');
  const w = rows.width;
  let labels: string[] | null = null;
  let units: string[] = Array.from({ length: w }, () => '');
  if (colNames.size > 0) {
    labels = Array.from({ length: w }, (_, j) => colNames.get(j + 1)?.name ?? `col${j + 1}`);
    units = Array.from({ length: w }, (_, j) => colNames.get(j + 1)?.unit ?? '');
  } else if (lastHeaderLine && lastHeaderLine.length === w) labels = lastHeaderLine;
  return { file, format: 'xdi', labels: labelsFor(w, labels), units, columns: rows.columns(), header, comments };
}

export function lastNonEmpty(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return i;
  return -1;
}
