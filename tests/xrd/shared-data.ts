/** Paths into ../shared/data/xrd (read in place, never copied into the repo). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const XRD_DATA = fileURLToPath(new URL('../../../shared/data/xrd/', import.meta.url));
export const haveXrdData = existsSync(XRD_DATA);

export function dataPath(rel: string): string {
  return XRD_DATA + rel;
}

export function readData(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(dataPath(rel)));
}

/** Rows of a CSV file with a header line, as records of strings. */
export function readCsv(rel: string): Record<string, string>[] {
  const lines = readFileSync(dataPath(rel), 'utf8').split(/\r?\n/).filter((l) => l.length > 0 && !l.startsWith('#'));
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
  });
}
