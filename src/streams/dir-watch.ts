/**
 * Directory watch by polling on an RxJS scheduler (works on network file systems, testable in virtual
 * time). A file matching the pattern (optionally only every Nth) is complete when its size has not changed
 * for `stablePolls` polls, or as soon as its closing marker file appears. With `growing`, the bytes a file
 * gains while it is written are emitted as they come, so a scan can extend its item point by point.
 */
import { asyncScheduler, interval, Observable, type SchedulerLike } from 'rxjs';
import { join } from 'node:path';
import { globToRegExp, nodeDirView, type DirView } from './dir-view.ts';

export interface DirWatchOptions {
  /** Glob (`*.xdi`) or RegExp on the file name; default every file. */
  readonly pattern?: string | RegExp;
  /** Take the 1st, (N+1)th, (2N+1)th... matching file in arrival order. */
  readonly everyNth?: number;
  /** Polls with an unchanged size before a file counts as complete (default 2). */
  readonly stablePolls?: number;
  /** Name of the marker file that closes a file (e.g. `(n) => n + '.done'`); markers are not items. */
  readonly marker?: (name: string) => string;
  /** Emit the bytes a file gains while it is written. */
  readonly growing?: boolean;
  /** Whether files already there at the first poll count (default true). */
  readonly existing?: boolean;
  readonly pollMs?: number;
  readonly scheduler?: SchedulerLike;
  readonly view?: DirView;
}

export type DirEvent =
  | { readonly kind: 'grow'; readonly path: string; readonly name: string; readonly offset: number; readonly bytes: Uint8Array }
  | { readonly kind: 'complete'; readonly path: string; readonly name: string; readonly size: number };

interface Tracked {
  size: number;
  emitted: number;
  stable: number;
  done: boolean;
}

export function watchDirectory(dir: string, opts: DirWatchOptions = {}): Observable<DirEvent> {
  const view = opts.view ?? nodeDirView;
  const match = opts.pattern === undefined ? null : typeof opts.pattern === 'string' ? globToRegExp(opts.pattern) : opts.pattern;
  const nth = Math.max(1, opts.everyNth ?? 1);
  const stablePolls = Math.max(1, opts.stablePolls ?? 2);
  return new Observable<DirEvent>((sub) => {
    const tracked = new Map<string, Tracked>();
    const ignored = new Set<string>();
    let seen = 0;
    let first = true;
    const poll = (): void => {
      let files;
      try {
        files = view.list(dir);
      } catch (e) {
        sub.error(new Error(`${dir}: cannot list the watched folder (${(e as Error).message})`));
        return;
      }
      const names = new Set(files.map((f) => f.name));
      const markers = opts.marker ? new Set(files.map((f) => opts.marker!(f.name))) : new Set<string>();
      const fresh = files.filter((f) => !tracked.has(f.name) && !ignored.has(f.name) && !markers.has(f.name) && (!match || match.test(f.name)))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const f of fresh) {
        const take = (first && opts.existing === false) ? false : seen++ % nth === 0;
        if (take) tracked.set(f.name, { size: -1, emitted: 0, stable: 0, done: false });
        else ignored.add(f.name);
      }
      first = false;
      for (const f of files) {
        const t = tracked.get(f.name);
        if (!t || t.done) continue;
        const path = join(dir, f.name);
        t.stable = f.size === t.size ? t.stable + 1 : 0;
        t.size = f.size;
        if (opts.growing && f.size > t.emitted) {
          sub.next({ kind: 'grow', path, name: f.name, offset: t.emitted, bytes: view.read(path, t.emitted, f.size) });
          t.emitted = f.size;
        }
        const closed = opts.marker ? names.has(opts.marker(f.name)) : t.stable >= stablePolls;
        if (closed) {
          t.done = true;
          sub.next({ kind: 'complete', path, name: f.name, size: f.size });
        }
      }
    };
    poll();
    return interval(opts.pollMs ?? 500, opts.scheduler ?? asyncScheduler).subscribe(poll);
  });
}
