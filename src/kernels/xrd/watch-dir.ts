/**
 * A live-acquisition source: emits the frame files of a directory as they appear, each once, when its size
 * has stopped changing between two polls (a detector may still be writing it). Files present at start are
 * emitted first, in name order.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Observable } from 'rxjs';

export interface WatchOptions {
  /** Which file names count as frames (default: *.cbf). */
  readonly pattern?: RegExp;
  readonly intervalMs?: number;
  /** Complete after this long without a new file (default: never). */
  readonly idleMs?: number;
  /** Complete after this many files. */
  readonly maxFiles?: number;
}

export function watchFrames(dir: string, opts: WatchOptions = {}): Observable<string> {
  const pattern = opts.pattern ?? /\.cbf$/i;
  const interval = opts.intervalMs ?? 100;
  return new Observable<string>((sub) => {
    const seen = new Set<string>();
    const sizes = new Map<string, number>();
    let lastNew = Date.now();
    let emitted = 0;
    const poll = (): void => {
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => pattern.test(n)).sort();
      } catch (e) {
        sub.error(e);
        return;
      }
      for (const name of names) {
        if (seen.has(name)) continue;
        let size: number;
        try {
          size = statSync(join(dir, name)).size;
        } catch {
          continue;
        }
        if (size > 0 && sizes.get(name) === size) {
          seen.add(name);
          sizes.delete(name);
          lastNew = Date.now();
          sub.next(join(dir, name));
          if (opts.maxFiles !== undefined && ++emitted >= opts.maxFiles) {
            sub.complete();
            return;
          }
        } else sizes.set(name, size);
      }
      if (opts.idleMs !== undefined && Date.now() - lastNew > opts.idleMs) sub.complete();
    };
    poll();
    const timer = setInterval(poll, interval);
    return () => clearInterval(timer);
  });
}
