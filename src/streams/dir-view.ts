/** What the directory watch needs from a file system; the Node one, and any fake for virtual-time tests. */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface FileStat {
  readonly name: string;
  readonly size: number;
}

export interface DirView {
  /** Plain files in `dir` (not recursive). */
  list(dir: string): FileStat[];
  /** Bytes [start, end) of a file. */
  read(path: string, start: number, end: number): Uint8Array;
}

export const nodeDirView: DirView = {
  list(dir) {
    const out: FileStat[] = [];
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isFile()) continue;
      try {
        out.push({ name: e.name, size: statSync(join(dir, e.name)).size });
      } catch {
        // removed between readdir and stat: it will not be listed next time either
      }
    }
    return out;
  },
  read(path, start, end) {
    const fd = openSync(path, 'r');
    try {
      const buf = new Uint8Array(end - start);
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  },
};

/** A glob with * and ? (no path separators) as a RegExp. */
export function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`);
}
