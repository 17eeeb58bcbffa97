/**
 * Directory-watch events → engine events. Growing scan files become items that grow row by row; other
 * files enter whole through a loader (e.g. an XAFS or CBF reader) once complete. Item ids derive from the
 * file name, so replaying the same arrivals gives the same document.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { messageOf } from '../graph/errors.ts';
import type { NodeData } from '../graph/types.ts';
import type { AddItemInput } from '../graph/engine.ts';
import type { EngineEvent } from '../history/actions.ts';
import type { DirEvent } from './dir-watch.ts';
import { ScanText } from './scan-text.ts';

export interface FileItemsOptions {
  readonly entry: string;
  /** Loads a complete file (not used for files that grew: their rows are already in). */
  readonly load?: (path: string) => NodeData;
  /** Or turns a complete file into items with their parameters (e.g. `xasItemsFromFile`); an item with
   *  `error` set (the reader failed) is added and marked failed. Ids are `file-<name>`, `file-<name>#2`... */
  readonly loadItems?: (path: string) => readonly AddItemInput[];
  /** Column names for growing scan files (default from their header). */
  readonly columns?: readonly string[];
  /** Renames columns (file column → node array), e.g. {E: 'energy'}; unmapped columns are kept. */
  readonly rename?: Readonly<Record<string, string>>;
  readonly onProblem?: (file: string, problem: string) => void;
}

function renamed(data: NodeData, map: Readonly<Record<string, string>> | undefined): NodeData {
  if (!map) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [map[k] ?? k, v]));
}

export function fileItems(opts: FileItemsOptions): OperatorFunction<DirEvent, EngineEvent> {
  return (source) => new Observable<EngineEvent>((sub) => {
    const scans = new Map<string, { text: ScanText; added: boolean }>();
    const add = (name: string, path: string, data: NodeData): EngineEvent => ({
      type: 'addItems', items: [{ id: `file-${name}`, name, entry: opts.entry, source: { kind: 'file', path }, data }],
    });
    const rows = (name: string, path: string, bytes: Uint8Array, final: boolean): void => {
      let s = scans.get(name);
      if (!s) { s = { text: new ScanText(path, opts.columns), added: false }; scans.set(name, s); }
      for (const c of s.text.push(bytes, final)) {
        if (c.kind === 'problem') { opts.onProblem?.(path, c.problem); continue; }
        const data = renamed(c.data, opts.rename);
        sub.next(s.added ? { type: 'appendData', id: `file-${name}`, data } : add(name, path, data));
        s.added = true;
      }
    };
    const items = (name: string, path: string): void => {
      let list: readonly AddItemInput[];
      try {
        list = opts.loadItems!(path);
      } catch (err) {
        opts.onProblem?.(path, messageOf(err));
        return;
      }
      const inits = list.map((it, k) => {
        const id = `file-${name}${k === 0 ? '' : `#${k + 1}`}`;
        return {
          id, name: it.name, entry: it.entry, source: it.source ?? { kind: 'file' as const, path },
          ...(it.data ? { data: renamed(it.data, opts.rename) } : {}),
          ...(it.params ? { params: it.params } : {}),
          ...(it.meta ? { meta: it.meta } : {}),
          ...(it.stop !== undefined ? { stop: it.stop } : {}),
        };
      });
      if (inits.length > 0) sub.next({ type: 'addItems', items: inits });
      list.forEach((it, k) => {
        if (it.error === undefined) return;
        opts.onProblem?.(path, it.error);
        sub.next({ type: 'failData', id: inits[k].id, error: it.error });
      });
    };
    return source.subscribe({
      next: (e) => {
        if (e.kind === 'grow') return rows(e.name, e.path, e.bytes, false);
        if (scans.has(e.name)) return rows(e.name, e.path, new Uint8Array(0), true);
        if (opts.loadItems) return items(e.name, e.path);
        if (!opts.load) { opts.onProblem?.(e.path, 'complete file but no loader given'); return; }
        let data: NodeData;
        try {
          data = opts.load(e.path);
        } catch (err) {
          opts.onProblem?.(e.path, messageOf(err));
          return;
        }
        sub.next(add(e.name, e.path, renamed(data, opts.rename)));
      },
      error: (err) => sub.error(err),
      complete: () => sub.complete(),
    });
  });
}
